package io.socketwatch.internal.agent;

import java.util.List;

/**
 * One straight-line call inserted into one method: at its entry, or just before each of its normal returns (never on
 * a throw). The call is to a static {@link Relay} method, with {@link Value}s pushed in the relay's parameter order.
 *
 * <p>Limits, checked here: an entry hook cannot read the return value, nor, in a constructor, {@code this} or its
 * fields (not initialised yet); the return value is passed first, or second right after {@code this}.
 *
 * @param owner      internal name of the class to instrument, such as {@code sun/nio/ch/NioSocketImpl}
 * @param method     name of the method to instrument
 * @param descriptors its exact descriptor, or the descriptors it has in different JDKs (such as {@code ()I} in one
 *                    and {@code ()V} in another): each one the class declares is instrumented; a class that declares
 *                    none of them is not instrumented, and reported
 * @param atExit      before each normal return when {@code true}, at entry when {@code false}
 */
record Hook(String owner, String method, List<String> descriptors, boolean atExit, Relay relay, List<Value> values) {

    /** A static method to call, by internal owner name, name and descriptor. */
    record Relay(String owner, String name, String descriptor) {
    }

    /** What a hook passes to its relay. */
    sealed interface Value permits This, Argument, Returned, Text, Null, Field {
    }

    /** The instrumented object. */
    record This() implements Value {
    }

    /** The method's argument at {@code index}, counted from 0 without {@code this}. */
    record Argument(int index) implements Value {
    }

    /** The value the method is returning. */
    record Returned() implements Value {
    }

    /** A constant string. */
    record Text(String text) implements Value {
    }

    /** {@code null}. */
    record Null() implements Value {
    }

    /** A field of the instrumented object, declared by its own class. */
    record Field(String name) implements Value {
    }

    static final Value THIS = new This();
    static final Value RETURNED = new Returned();
    static final Value NULL = new Null();

    Hook {
        descriptors = List.copyOf(descriptors);
        if (descriptors.isEmpty()) {
            throw new IllegalArgumentException("no descriptor: " + method);
        }
        values = List.copyOf(values);
        int returned = returnedAt(values);
        if (returned >= 0 && !atExit) {
            throw new IllegalArgumentException("an entry hook cannot read the return value: " + method);
        }
        if (returned > 1 || returned == 1 && !(values.get(0) instanceof This)) {
            throw new IllegalArgumentException("the return value goes first, or right after this: " + method);
        }
        if (!atExit && method.equals("<init>") && readsThis(values)) {
            throw new IllegalArgumentException("a constructor's entry hook can pass only its arguments: " + owner);
        }
    }

    static Hook atEntry(String owner, String method, String descriptor, Relay relay, Value... values) {
        return atEntry(owner, method, List.of(descriptor), relay, values);
    }

    /** Returns an entry hook for a method whose descriptor differs between JDKs: see {@link #descriptors()}. */
    static Hook atEntry(String owner, String method, List<String> descriptors, Relay relay, Value... values) {
        return new Hook(owner, method, descriptors, false, relay, List.of(values));
    }

    static Hook atExit(String owner, String method, String descriptor, Relay relay, Value... values) {
        return atExit(owner, method, List.of(descriptor), relay, values);
    }

    /** Returns an exit hook for a method whose descriptor differs between JDKs: see {@link #descriptors()}. */
    static Hook atExit(String owner, String method, List<String> descriptors, Relay relay, Value... values) {
        return new Hook(owner, method, descriptors, true, relay, List.of(values));
    }

    private static boolean readsThis(List<Value> values) {
        for (Value value : values) {
            if (value instanceof This || value instanceof Field) {
                return true;
            }
        }
        return false;
    }

    /** Returns where the return value goes among the relay's parameters, or -1. */
    int returnedAt() {
        return returnedAt(values);
    }

    /*
     * Values are told apart by type, never by equals: the records' generated equals and hashCode would bootstrap
     * method handles on the agent's first install, a cost every test run would pay.
     */
    private static int returnedAt(List<Value> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Returned) {
                return i;
            }
        }
        return -1;
    }
}
