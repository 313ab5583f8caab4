package io.socketwatch.internal.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Inserts {@link Hook}s into one class file. The inserted code is straight-line and leaves the operand stack and the
 * locals as it found them, so the class's stack map frames stay valid and are copied unchanged; only each hooked
 * method's maximum stack grows. Methods without hooks are copied byte for byte. Nothing is loaded or resolved.
 */
final class HookInserter extends ClassVisitor {

    private final List<Hook> hooks;
    private final Map<String, String> fieldDescriptors = new HashMap<>();
    /** By identity: see {@link Hook#returnedAt()}. */
    private final Set<Hook> applied = Collections.newSetFromMap(new IdentityHashMap<>());
    private String className;

    private HookInserter(ClassVisitor writer, List<Hook> hooks) {
        super(Opcodes.ASM9, writer);
        this.hooks = hooks;
    }

    /**
     * Returns {@code classFile} with {@code hooks} inserted.
     *
     * @throws IllegalStateException    if a hooked method is missing (none of its descriptors is declared),
     *                                  abstract or native
     * @throws IllegalArgumentException if a hook does not fit its method (a value of the wrong type, {@code this} in a
     *                                  static method, an unknown field), or the class file cannot be read
     */
    static byte[] insert(byte[] classFile, List<Hook> hooks) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        HookInserter inserter = new HookInserter(writer, hooks);
        reader.accept(inserter, 0);
        List<String> missing = new ArrayList<>();
        for (Hook hook : hooks) {
            if (!inserter.applied.contains(hook)) {
                missing.add(hook.method() + String.join(" or " + hook.method(), hook.descriptors()));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no method " + String.join(", ", missing) + " to instrument");
        }
        return writer.toByteArray();
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        className = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public net.bytebuddy.jar.asm.FieldVisitor visitField(int access, String name, String descriptor,
                                                         String signature, Object value) {
        if ((access & Opcodes.ACC_STATIC) == 0) {
            fieldDescriptors.put(name, descriptor); // fields come before methods in a class file
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return next;
        }
        List<Hook> here = new ArrayList<>();
        for (Hook hook : hooks) {
            if (hook.method().equals(name) && hook.descriptors().contains(descriptor)) {
                here.add(hook);
            }
        }
        if (here.isEmpty()) {
            return next;
        }
        applied.addAll(here);
        return new HookedMethod(next, (access & Opcodes.ACC_STATIC) != 0, descriptor, here);
    }

    /** Emits the hooks of one method at its entry and before each {@code xRETURN}. */
    private final class HookedMethod extends MethodVisitor {

        private final boolean isStatic;
        private final Type[] arguments;
        private final Type returned;
        private final List<Hook> hooks;

        HookedMethod(MethodVisitor next, boolean isStatic, String descriptor, List<Hook> hooks) {
            super(Opcodes.ASM9, next);
            this.isStatic = isStatic;
            this.arguments = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            this.hooks = hooks;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (Hook hook : hooks) {
                if (!hook.atExit()) {
                    emit(hook);
                }
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                for (Hook hook : hooks) {
                    if (hook.atExit()) {
                        emit(hook);
                    }
                }
            }
            super.visitInsn(opcode);
        }

        /*
         * An exit hook reads an argument from its slot when the method returns: a method that stores into that slot
         * would pass the hook another value, so it is refused. (Byte Buddy's advice kept a copy; the JDK's and the
         * libraries' hooked methods never reassign the arguments their hooks read.)
         */
        @Override
        public void visitVarInsn(int opcode, int slot) {
            if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE) {
                refuseWriteToArgumentReadAtExit(slot);
            }
            super.visitVarInsn(opcode, slot);
        }

        @Override
        public void visitIincInsn(int slot, int increment) {
            refuseWriteToArgumentReadAtExit(slot);
            super.visitIincInsn(slot, increment);
        }

        private void refuseWriteToArgumentReadAtExit(int slot) {
            for (Hook hook : hooks) {
                for (Hook.Value value : hook.values()) {
                    if (hook.atExit() && value instanceof Hook.Argument argument && slotOf(argument) == slot) {
                        throw new IllegalStateException(hook.method() + " changes its argument " + argument.index()
                                + " before returning");
                    }
                }
            }
        }

        private int slotOf(Hook.Argument argument) {
            if (argument.index() < 0 || argument.index() >= arguments.length) {
                throw new IllegalArgumentException("no argument " + argument.index());
            }
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < argument.index(); i++) {
                slot += arguments[i].getSize();
            }
            return slot;
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            int extra = 0;
            for (Hook hook : hooks) {
                extra = Math.max(extra, (Type.getArgumentsAndReturnSizes(hook.relay().descriptor()) >> 2)
                        + returned.getSize() + 1);
            }
            super.visitMaxs(maxStack + extra, maxLocals);
        }

        /**
         * Pushes the hook's values and calls its relay. A return value on the stack is duplicated first; when it goes
         * second, {@code this} is pushed and the copy moved above it ({@code SWAP}, or {@code DUP_X2 POP} for a long).
         */
        private void emit(Hook hook) {
            Hook.Relay relay = hook.relay();
            Type[] parameters = Type.getArgumentTypes(relay.descriptor());
            List<Hook.Value> values = hook.values();
            if (parameters.length != values.size()) {
                throw new IllegalArgumentException(relay.name() + " takes " + parameters.length + " values, not "
                        + values.size());
            }
            int next = 0;
            int returnedAt = hook.returnedAt();
            if (returnedAt >= 0) {
                if (returned.getSort() == Type.VOID) {
                    throw new IllegalArgumentException(hook.method() + " returns nothing");
                }
                super.visitInsn(returned.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                if (returnedAt == 1) {
                    push(values.get(0), parameters[0]);
                    if (returned.getSize() == 2) {
                        super.visitInsn(Opcodes.DUP_X2);
                        super.visitInsn(Opcodes.POP);
                    } else {
                        super.visitInsn(Opcodes.SWAP);
                    }
                }
                convert(returned, parameters[returnedAt]);
                next = returnedAt + 1;
            }
            for (int i = next; i < values.size(); i++) {
                push(values.get(i), parameters[i]);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, relay.owner(), relay.name(), relay.descriptor(), false);
        }

        private void push(Hook.Value value, Type parameter) {
            if (value instanceof Hook.This) {
                loadThis();
                convert(Type.getObjectType(className), parameter);
            } else if (value instanceof Hook.Argument argument) {
                int slot = slotOf(argument);
                Type type = arguments[argument.index()];
                super.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
                convert(type, parameter);
            } else if (value instanceof Hook.Text text) {
                super.visitLdcInsn(text.text());
                convert(Type.getType(String.class), parameter);
            } else if (value instanceof Hook.Null) {
                super.visitInsn(Opcodes.ACONST_NULL);
                convert(Type.getType(Object.class), parameter);
            } else if (value instanceof Hook.Field field) {
                String descriptor = fieldDescriptors.get(field.name());
                if (descriptor == null) {
                    throw new IllegalArgumentException("no instance field " + field.name());
                }
                loadThis();
                super.visitFieldInsn(Opcodes.GETFIELD, className, field.name(), descriptor);
                convert(Type.getType(descriptor), parameter);
            } else {
                throw new IllegalArgumentException("a return value cannot go here: " + value);
            }
        }

        private void loadThis() {
            if (isStatic) {
                throw new IllegalArgumentException("a static method has no this");
            }
            super.visitVarInsn(Opcodes.ALOAD, 0);
        }

        /** Passes a reference as itself or as {@code Object}, and widens an int-like value to a long; nothing else. */
        private void convert(Type from, Type to) {
            if (from.equals(to) || to.getDescriptor().equals("Ljava/lang/Object;") && isReference(from)) {
                return;
            }
            if (to.getSort() == Type.LONG && from.getSize() == 1 && !isReference(from)) {
                super.visitInsn(Opcodes.I2L);
                return;
            }
            throw new IllegalArgumentException("cannot pass " + from + " as " + to);
        }

        private boolean isReference(Type type) {
            return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
        }
    }
}
