package dev.sluice.cli;

import java.util.List;

/**
 * One command-line flag and what it does to the options: set a scalar, switch a bool, append to a
 * list, replace a list, or run an action. Names are the long spellings without dashes.
 */
record Flag(List<String> longNames, Character shortName, Kind kind, String option, String value, String help) {

    enum Kind { SCALAR, BOOL_ON, BOOL_OFF, APPEND, REPLACE, FIXED, ACTION }

    boolean takesValue() {
        return kind == Kind.SCALAR || kind == Kind.APPEND || kind == Kind.REPLACE || (kind == Kind.ACTION && value != null);
    }
}
