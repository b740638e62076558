package dev.sluice.command;

/** A command failed; the message is shown to the user as is. */
public class CommandException extends Exception {
    public CommandException(String message) {
        super(message);
    }
}
