package dev.sluice.tui.grid;

import static dev.sluice.command.ArgType.PATH;

import dev.sluice.command.Command;
import dev.sluice.command.CommandException;
import dev.sluice.command.CommandRegistry;
import dev.sluice.option.Paths;
import dev.sluice.tui.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The {@code console.grideditor.*} commands (console.md §8): they act on the grid editor in focus. */
public final class GridCommands {

    private final Console console;

    private GridCommands(Console console) {
        this.console = console;
    }

    /** A grid action that may fail on a file. */
    private interface FileAction {
        void run(GridEditorWindow grid, Path file) throws IOException;
    }

    public static void register(Console console) {
        GridCommands g = new GridCommands(console);
        CommandRegistry r = console.sluice().commands();
        r.register(new Command("console.grideditor.add", List.of(), null, "Add a row after the cursor.", args -> {
            g.grid().addRow();
            return null;
        }));
        r.register(new Command("console.grideditor.insert", List.of(), null, "Insert a row before the cursor.", args -> {
            g.grid().insertRow();
            return null;
        }));
        r.register(new Command("console.grideditor.delete", List.of(), null, "Delete the row at the cursor.", args -> {
            g.grid().deleteRow();
            return null;
        }));
        r.register(new Command("console.grideditor.editor", List.of(), null, "Edit the focused cell in an external editor.", args -> {
            g.editCell();
            return null;
        }));
        g.fileCommand(r, "console.grideditor.load", "Read a file into the focused cell.", GridEditorWindow::load);
        g.fileCommand(r, "console.grideditor.load_escaped", "Read a file of escaped text into the focused cell.", GridEditorWindow::loadEscaped);
        g.fileCommand(r, "console.grideditor.save", "Save the grid as CSV.", GridEditorWindow::save);
    }

    private GridEditorWindow grid() throws CommandException {
        if (console.focusedWindow() instanceof GridEditorWindow w) return w;
        throw new CommandException("Not in a grid editor.");
    }

    private void fileCommand(CommandRegistry r, String name, String help, FileAction action) {
        r.register(new Command(name, List.of(Command.Param.of("path", PATH)), null, help, args -> {
            Path file = Paths.expand((String) args.get(0));
            try {
                action.run(grid(), file);
            } catch (IOException e) {
                throw new CommandException("Cannot use " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CommandException(e.getMessage());
            }
            return null;
        }));
    }

    /** The cell's value in the external editor; one trailing newline the editor adds is dropped (a cell is one line). */
    private void editCell() throws CommandException {
        GridEditorWindow grid = grid();
        String value = grid.cell();
        if (value == null) throw new CommandException("No cell to edit.");
        console.outside(() -> {
            try {
                byte[] edited = console.editor().edit(grid.codec().toFile(value), ".txt");
                int n = edited.length;
                if (n > 0 && edited[n - 1] == '\n') n--;
                grid.setCell(grid.codec().fromFile(Arrays.copyOf(edited, n)));
            } catch (IOException e) {
                console.sluice().log().error(e.getMessage());
            }
        });
    }
}
