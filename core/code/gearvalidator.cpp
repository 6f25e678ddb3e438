// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "gearvalidator.h"

#include "code/syscalltable.h"

#include <wabt/binary-reader-nop.h>
#include <wabt/binary-reader.h>
#include <wabt/cast.h>
#include <wabt/ir.h>

#include <cinttypes>
#include <cstdio>
#include <set>

namespace Gearscope::GearValidator {

namespace {

    const char* const EntryPoints[] = { "init", "handle", "handle_reply", "handle_signal", "state", "metahash" };

    std::string hex(uint64_t v)
    {
        char buf[24];
        std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
        return buf;
    }

    bool isFloat(wabt::Type t) { return t == wabt::Type::F32 || t == wabt::Type::F64; }

    // The 'i'/'I' spelling of syscalltable.h. Other types get letters that no table row uses, so
    // such a signature can never match and still prints readably through signatureText().
    char letter(wabt::Type t)
    {
        switch (t) {
        case wabt::Type::I32:
            return 'i';
        case wabt::Type::I64:
            return 'I';
        case wabt::Type::F32:
            return 'f';
        case wabt::Type::F64:
            return 'F';
        default:
            return '?';
        }
    }

    std::string spell(const wabt::TypeVector& types)
    {
        std::string s;
        for (auto t : types)
            s += letter(t);
        return s;
    }

    std::string sigText(const wabt::FuncSignature& sig)
    {
        return signatureText(spell(sig.param_types), spell(sig.result_types));
    }

    // The first float type in a signature, or Void.
    wabt::Type firstFloat(const wabt::FuncSignature& sig)
    {
        for (auto t : sig.param_types)
            if (isFloat(t))
                return t;
        for (auto t : sig.result_types)
            if (isFloat(t))
                return t;
        return wabt::Type::Void;
    }

    /** Re-reads a binary to find where each instruction of one function starts. wabt's IR records
     *  the offset *after* an instruction and its immediates; the offset of the opcode byte is what
     *  a hex dump or `wasm-objdump -d` shows. Instructions come in the same order as a pre-order
     *  walk of the IR, minus `else`/`end`, which the IR has no node for. */
    class OpcodeOffsets : public wabt::BinaryReaderNop
    {
    public:
        explicit OpcodeOffsets(wabt::Index function)
            : m_function(function)
        {
        }

        bool OnError(const wabt::Error&) override { return true; }
        wabt::Result BeginFunctionBody(wabt::Index index, wabt::Offset) override
        {
            m_current = index;
            return wabt::Result::Ok;
        }
        wabt::Result OnOpcode(wabt::Opcode opcode) override
        {
            // Called right after the opcode bytes; every opcode Gear's feature set admits has a
            // single canonical encoding, so its length is exact.
            if (m_current == m_function && opcode != wabt::Opcode::Else && opcode != wabt::Opcode::End)
                offsets.push_back(state->offset - opcode.GetLength());
            return wabt::Result::Ok;
        }

        std::vector<size_t> offsets;

    private:
        wabt::Index m_function;
        wabt::Index m_current = wabt::kInvalidIndex;
    };

    class Checker
    {
    public:
        Checker(const wabt::Module& module, Locations locations, const std::string& sourceName, CodeInfo* info,
            const Bytes* binary)
            : m_module(module)
            , m_locations(locations)
            , m_sourceName(sourceName)
            , m_info(info)
            , m_binary(binary)
        {
        }

        Result<Ok> run()
        {
            // Order matters only for which error a module with several problems reports first:
            // declarations before bodies, memory before the checks that need the static size.
            if (!checkTypes() || !checkImports() || !checkMemory() || !checkGlobals() || !checkFunctions()
                || !checkStart() || !checkExports() || !checkData())
                return Result<Ok>::failure(m_error);
            return Ok {};
        }

    private:
        bool fail(const wabt::Location& loc, const std::string& message)
        {
            if (m_locations == Locations::TextLineColumn && loc.line > 0)
                m_error = m_sourceName + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.first_column) + ": "
                    + message;
            else
                m_error = m_sourceName + ": " + message;
            return false;
        }

        // Instruction-level messages carry the byte offset of the current instruction's opcode for
        // binaries; text messages already start with line:column, so they get nothing here.
        std::string at(const wabt::Location& loc) const
        {
            if (m_locations != Locations::BinaryOffsets)
                return std::string();
            uint64_t offset = loc.offset; // end of the instruction: the best wabt alone can say
            if (m_binary) {
                OpcodeOffsets scan(m_function);
                wabt::ReadBinaryOptions options;
                options.stop_on_first_error = true;
                const bool read = wabt::Succeeded(wabt::ReadBinary(m_binary->data(), m_binary->size(), &scan, options));
                if (read && m_ordinal < scan.offsets.size())
                    offset = scan.offsets[m_ordinal];
            }
            return " at offset " + hex(offset);
        }

        static const char* blockName(const wabt::Expr& expr)
        {
            return expr.type() == wabt::ExprType::Loop ? "loop" : expr.type() == wabt::ExprType::If ? "if" : "block";
        }

        std::string functionImportName(wabt::Index index) const
        {
            wabt::Index seen = 0;
            for (const auto* import : m_module.imports)
                if (import->kind() == wabt::ExternalKind::Func && seen++ == index)
                    return import->module_name + "." + import->field_name;
            return "?";
        }

        std::string functionLabel(wabt::Index index) const
        {
            std::string label = "function " + std::to_string(index);
            if (index < m_module.funcs.size() && !m_module.funcs[index]->name.empty())
                label += " (" + m_module.funcs[index]->name + ")";
            return label;
        }

        uint64_t staticBytes() const { return uint64_t(m_info->staticPages) * WasmPageSize; }

        std::string staticMemoryText() const
        {
            return std::to_string(m_info->staticPages) + " pages = " + hex(staticBytes()) + " bytes";
        }

        bool checkTypes()
        {
            wabt::Index index = 0;
            for (const auto& field : m_module.fields) {
                const auto* typeField = wabt::dyn_cast<wabt::TypeModuleField>(&field);
                if (!typeField)
                    continue;
                const std::string label = "type " + std::to_string(index++);
                const auto* funcType = wabt::dyn_cast<wabt::FuncType>(typeField->type.get());
                if (!funcType)
                    return fail(field.loc, label + ": only function types are allowed");
                const auto& sig = funcType->sig;
                const size_t arity = sig.param_types.size() + sig.result_types.size();
                if (arity > MaxTypeArity)
                    return fail(field.loc,
                        label + ": " + std::to_string(arity) + " params and results, limit "
                            + std::to_string(MaxTypeArity));
                if (sig.result_types.size() > 1)
                    return fail(field.loc,
                        label + ": returns " + std::to_string(sig.result_types.size())
                            + " values (multi-value is not allowed)");
                const auto floatType = firstFloat(sig);
                if (floatType != wabt::Type::Void)
                    return fail(field.loc,
                        label + ": float type " + floatType.GetName() + " in " + sigText(sig)
                            + " (Gear forbids floats)");
            }
            return true;
        }

        bool checkImports()
        {
            std::set<std::string> seen;
            for (const auto& field : m_module.fields) {
                const auto* importField = wabt::dyn_cast<wabt::ImportModuleField>(&field);
                if (!importField)
                    continue;
                const wabt::Import& import = *importField->import;
                const std::string label = "import " + import.module_name + "." + import.field_name;
                if (import.module_name != "env")
                    return fail(field.loc, label + ": imports must come from module \"env\"");
                if (!seen.insert(import.field_name).second)
                    return fail(field.loc, label + ": duplicate import");
                switch (import.kind()) {
                case wabt::ExternalKind::Func:
                    if (!checkFunctionImport(field.loc, label, *wabt::cast<wabt::FuncImport>(&import)))
                        return false;
                    break;
                case wabt::ExternalKind::Memory:
                    // The validator upstream does not insist on the name, but the host only ever
                    // provides env.memory, so anything else could never be instantiated.
                    if (import.field_name != "memory")
                        return fail(field.loc, label + ": memory must be imported as env.memory");
                    m_memoryImportLoc = field.loc;
                    break;
                case wabt::ExternalKind::Global:
                    return fail(field.loc, label + ": global imports are not allowed");
                case wabt::ExternalKind::Table:
                    return fail(field.loc, label + ": table imports are not allowed");
                case wabt::ExternalKind::Tag:
                    return fail(field.loc, label + ": tag imports are not allowed");
                }
            }
            return true;
        }

        bool checkFunctionImport(const wabt::Location& loc, const std::string& label, const wabt::FuncImport& import)
        {
            const std::string& name = import.field_name;
            // gr_system_break is how the instrumentation ends execution (out of gas, stack
            // overflow); a program calling it could fake those outcomes.
            if (name == "gr_system_break")
                return fail(loc, label + ": reserved for the instrumentation, programs may not import it");
            if (!isKnownSyscallName(name))
                return fail(loc, label + ": unknown syscall");
            const auto& sig = import.func.decl.sig;
            const std::string params = spell(sig.param_types);
            const std::string results = spell(sig.result_types);
            const SyscallSignature* row = findSyscall(name, params, results);
            if (!row) {
                std::string expected;
                for (const auto& s : syscallTable()) {
                    if (name != s.name)
                        continue;
                    if (!expected.empty())
                        expected += " or ";
                    expected += signatureText(s.params, s.results);
                }
                return fail(
                    loc, label + ": wrong signature " + signatureText(params, results) + ", expected " + expected);
            }
            m_info->imports.push_back({ name, params, results, row->legacy });
            return true;
        }

        bool checkMemory()
        {
            if (m_module.memories.size() > m_module.num_memory_imports) {
                wabt::Location loc;
                for (const auto& field : m_module.fields)
                    if (wabt::isa<wabt::MemoryModuleField>(&field)) {
                        loc = field.loc;
                        break;
                    }
                return fail(
                    loc, "memory: the module defines its own memory; a Gear program must import it as env.memory");
            }
            if (m_module.num_memory_imports == 0)
                return fail(wabt::Location(), "no memory import: a Gear program must import its memory as env.memory");
            const wabt::Limits& limits = m_module.memories[0]->page_limits;
            if (limits.is_64)
                return fail(m_memoryImportLoc, "import env.memory: 64-bit memory is not allowed");
            if (limits.initial > MaxPages)
                return fail(m_memoryImportLoc,
                    "import env.memory: " + std::to_string(limits.initial) + " initial pages exceed the limit of "
                        + std::to_string(MaxPages));
            m_info->staticPages = uint32_t(limits.initial);
            if (limits.has_max)
                m_info->maxPages = uint32_t(limits.max);
            return true;
        }

        bool checkGlobals()
        {
            wabt::Index index = m_module.num_global_imports;
            for (const auto& field : m_module.fields) {
                const auto* globalField = wabt::dyn_cast<wabt::GlobalModuleField>(&field);
                if (!globalField)
                    continue;
                const std::string label = "global " + std::to_string(index++);
                if (isFloat(globalField->global.type))
                    return fail(field.loc,
                        label + ": float type " + globalField->global.type.GetName() + " (Gear forbids floats)");
            }
            return true;
        }

        bool checkFunctions()
        {
            wabt::Index index = m_module.num_func_imports;
            for (const auto& field : m_module.fields) {
                const auto* funcField = wabt::dyn_cast<wabt::FuncModuleField>(&field);
                if (!funcField)
                    continue;
                const wabt::Func& func = funcField->func;
                const wabt::Index funcIndex = index++;
                const std::string label = functionLabel(funcIndex);
                // Types were checked, but a function's own signature is checked again so the
                // message names the function (text modules may also declare it inline).
                const auto floatType = firstFloat(func.decl.sig);
                if (floatType != wabt::Type::Void)
                    return fail(field.loc,
                        label + ": float type " + floatType.GetName() + " in signature " + sigText(func.decl.sig)
                            + " (Gear forbids floats)");
                if (func.decl.sig.result_types.size() > 1)
                    return fail(field.loc, label + ": returns several values (multi-value is not allowed)");
                wabt::Index local = func.GetNumParams();
                for (const auto type : func.local_types) {
                    if (isFloat(type))
                        return fail(field.loc,
                            label + ": local " + std::to_string(local) + " has float type " + type.GetName()
                                + " (Gear forbids floats)");
                    ++local;
                }
                m_function = funcIndex;
                m_nextOrdinal = 0;
                if (!checkBody(label, func.exprs))
                    return false;
            }
            return true;
        }

        bool checkBlockType(const std::string& label, const wabt::Expr& expr, const wabt::BlockDeclaration& decl)
        {
            const auto floatType = firstFloat(decl.sig);
            if (floatType != wabt::Type::Void)
                return fail(expr.loc,
                    label + ": " + blockName(expr) + " of type " + sigText(decl.sig) + at(expr.loc)
                        + " (Gear forbids floats)");
            if (decl.sig.result_types.size() > 1 || !decl.sig.param_types.empty())
                return fail(expr.loc,
                    label + ": " + blockName(expr) + " of type " + sigText(decl.sig) + at(expr.loc)
                        + " (multi-value is not allowed)");
            return true;
        }

        bool checkOpcode(const std::string& label, const wabt::Expr& expr, wabt::Opcode opcode)
        {
            // Every float operation produces or consumes an f32/f64 (loads, stores, conversions,
            // reinterpretations included), so the opcode's own types find them all.
            if (isFloat(opcode.GetResultType()) || isFloat(opcode.GetParamType1()) || isFloat(opcode.GetParamType2())
                || isFloat(opcode.GetParamType3()))
                return fail(expr.loc,
                    label + ": float instruction " + opcode.GetName() + at(expr.loc) + " (Gear forbids floats)");
            return true;
        }

        bool checkBody(const std::string& label, const wabt::ExprList& exprs)
        {
            for (const wabt::Expr& expr : exprs) {
                ++m_info->instructionCount;
                // at() reports the instruction with this pre-order number; the recursion below
                // moves it on for the children.
                m_ordinal = m_nextOrdinal++;
                switch (expr.type()) {
                case wabt::ExprType::Binary:
                    if (!checkOpcode(label, expr, wabt::cast<wabt::BinaryExpr>(&expr)->opcode))
                        return false;
                    break;
                case wabt::ExprType::Compare:
                    if (!checkOpcode(label, expr, wabt::cast<wabt::CompareExpr>(&expr)->opcode))
                        return false;
                    break;
                case wabt::ExprType::Convert:
                    if (!checkOpcode(label, expr, wabt::cast<wabt::ConvertExpr>(&expr)->opcode))
                        return false;
                    break;
                case wabt::ExprType::Unary:
                    if (!checkOpcode(label, expr, wabt::cast<wabt::UnaryExpr>(&expr)->opcode))
                        return false;
                    break;
                case wabt::ExprType::Ternary:
                    if (!checkOpcode(label, expr, wabt::cast<wabt::TernaryExpr>(&expr)->opcode))
                        return false;
                    break;
                case wabt::ExprType::Load:
                    if (!checkOpcode(label, expr, wabt::cast<wabt::LoadExpr>(&expr)->opcode))
                        return false;
                    break;
                case wabt::ExprType::Store:
                    if (!checkOpcode(label, expr, wabt::cast<wabt::StoreExpr>(&expr)->opcode))
                        return false;
                    break;
                case wabt::ExprType::Const: {
                    const auto type = wabt::cast<wabt::ConstExpr>(&expr)->const_.type();
                    if (isFloat(type))
                        return fail(expr.loc,
                            label + ": float instruction " + type.GetName() + ".const" + at(expr.loc)
                                + " (Gear forbids floats)");
                    break;
                }
                case wabt::ExprType::Select:
                    for (const auto type : wabt::cast<wabt::SelectExpr>(&expr)->result_type)
                        if (isFloat(type))
                            return fail(expr.loc,
                                label + ": float instruction select " + type.GetName() + at(expr.loc)
                                    + " (Gear forbids floats)");
                    break;
                case wabt::ExprType::MemoryGrow:
                    return fail(expr.loc,
                        label + ": memory.grow" + at(expr.loc)
                            + " (Gear forbids memory.grow; programs get memory from the alloc syscall)");
                case wabt::ExprType::Block:
                case wabt::ExprType::Loop: {
                    const auto& block = expr.type() == wabt::ExprType::Block ? wabt::cast<wabt::BlockExpr>(&expr)->block
                                                                             : wabt::cast<wabt::LoopExpr>(&expr)->block;
                    if (!checkBlockType(label, expr, block.decl) || !checkBody(label, block.exprs))
                        return false;
                    break;
                }
                case wabt::ExprType::If: {
                    const auto* ifExpr = wabt::cast<wabt::IfExpr>(&expr);
                    if (!checkBlockType(label, expr, ifExpr->true_.decl) || !checkBody(label, ifExpr->true_.exprs)
                        || !checkBody(label, ifExpr->false_))
                        return false;
                    break;
                }
                case wabt::ExprType::Try: {
                    // Unreachable with exceptions disabled; walked anyway so nothing nests unseen.
                    const auto* tryExpr = wabt::cast<wabt::TryExpr>(&expr);
                    if (!checkBody(label, tryExpr->block.exprs))
                        return false;
                    for (const auto& c : tryExpr->catches)
                        if (!checkBody(label, c.exprs))
                            return false;
                    break;
                }
                default:
                    break;
                }
            }
            return true;
        }

        bool checkStart()
        {
            for (const auto& field : m_module.fields)
                if (const auto* start = wabt::dyn_cast<wabt::StartModuleField>(&field))
                    return fail(field.loc,
                        "start section (" + functionLabel(m_module.GetFuncIndex(start->start))
                            + ") is not allowed: Gear runs no code at instantiation");
            return true;
        }

        bool checkExports()
        {
            for (const auto& field : m_module.fields) {
                const auto* exportField = wabt::dyn_cast<wabt::ExportModuleField>(&field);
                if (!exportField)
                    continue;
                const wabt::Export& e = exportField->export_;
                const std::string label = "export \"" + e.name + "\"";
                if (e.kind == wabt::ExternalKind::Func) {
                    if (!checkFunctionExport(field.loc, label, e))
                        return false;
                } else if (e.kind == wabt::ExternalKind::Global) {
                    const wabt::Index index = m_module.GetGlobalIndex(e.var);
                    const wabt::Global& global = *m_module.globals[index];
                    if (e.name == StackEndExport) {
                        if (!checkStackEnd(field.loc, global))
                            return false;
                    } else if (global.mutable_) {
                        return fail(field.loc,
                            label + ": exports mutable global " + std::to_string(index) + " (only "
                                + std::string(StackEndExport) + " may be a mutable global export)");
                    }
                }
                // Memory and table exports are harmless and ignored, as upstream does.
            }
            if (!m_info->hasExport("init") && !m_info->hasExport("handle"))
                return fail(wabt::Location(), "no entry point: the module must export init or handle");
            return true;
        }

        bool checkFunctionExport(const wabt::Location& loc, const std::string& label, const wabt::Export& e)
        {
            bool allowed = false;
            for (const char* name : EntryPoints)
                allowed = allowed || e.name == name;
            if (!allowed)
                return fail(loc,
                    label
                        + ": not an entry point; functions may only be exported as init, handle, handle_reply, "
                          "handle_signal, state or metahash");
            const wabt::Index index = m_module.GetFuncIndex(e.var);
            if (index < m_module.num_func_imports)
                return fail(loc, label + ": refers to the imported function " + functionImportName(index));
            const auto& sig = m_module.funcs[index]->decl.sig;
            if (!sig.param_types.empty() || !sig.result_types.empty())
                return fail(loc, label + ": must have type () -> (), has " + sigText(sig));
            m_info->exports.push_back(e.name);
            return true;
        }

        bool checkStackEnd(const wabt::Location& loc, const wabt::Global& global)
        {
            const std::string label = std::string("export ") + StackEndExport;
            if (global.type != wabt::Type::I32)
                return fail(loc, label + ": must be an i32 global, is " + global.type.GetName());
            const wabt::ConstExpr* init = nullptr;
            if (global.init_expr.size() == 1)
                init = wabt::dyn_cast<wabt::ConstExpr>(&global.init_expr.front());
            if (!init)
                return fail(loc, label + ": initializer must be a constant i32.const");
            const uint32_t value = init->const_.u32();
            if (value % WasmPageSize)
                return fail(loc, label + ": " + hex(value) + " is not a multiple of 64 KiB (0x10000)");
            if (value > staticBytes())
                return fail(loc, label + ": " + hex(value) + " lies beyond static memory (" + staticMemoryText() + ")");
            m_info->stackEnd = value;
            return true;
        }

        bool checkData()
        {
            if (m_module.data_segments.size() > MaxDataSegments)
                return fail(wabt::Location(),
                    std::to_string(m_module.data_segments.size()) + " data segments, limit "
                        + std::to_string(MaxDataSegments));
            wabt::Index index = 0;
            for (const auto& field : m_module.fields) {
                const auto* dataField = wabt::dyn_cast<wabt::DataSegmentModuleField>(&field);
                if (!dataField)
                    continue;
                const wabt::DataSegment& segment = dataField->data_segment;
                const std::string label = "data segment " + std::to_string(index++);
                if (segment.kind != wabt::SegmentKind::Active)
                    return fail(field.loc, label + ": passive segments are not allowed");
                const wabt::ConstExpr* offset = nullptr;
                if (segment.offset.size() == 1)
                    offset = wabt::dyn_cast<wabt::ConstExpr>(&segment.offset.front());
                if (!offset || offset->const_.type() != wabt::Type::I32)
                    return fail(field.loc, label + ": offset must be a constant i32.const");
                const uint64_t start = offset->const_.u32();
                const uint64_t end = start + segment.data.size();
                if (end > staticBytes())
                    return fail(field.loc,
                        label + ": bytes " + hex(start) + ".." + hex(end) + " lie outside static memory ("
                            + staticMemoryText() + ")");
                // Memory below the stack end is the shadow stack, which is never persisted, so
                // data placed there would silently vanish after the first execution.
                if (m_info->stackEnd && start < *m_info->stackEnd)
                    return fail(field.loc,
                        label + ": starts at " + hex(start) + ", below " + StackEndExport + " "
                            + hex(*m_info->stackEnd));
            }
            return true;
        }

        const wabt::Module& m_module;
        Locations m_locations;
        const std::string& m_sourceName;
        CodeInfo* m_info;
        const Bytes* m_binary;
        std::string m_error;
        wabt::Location m_memoryImportLoc;
        wabt::Index m_function = 0; ///< the function whose body is being walked
        size_t m_ordinal = 0; ///< pre-order number of the instruction being checked in it
        size_t m_nextOrdinal = 0;
    };

} // namespace

Result<Ok> check(
    const wabt::Module& module, Locations locations, const std::string& sourceName, CodeInfo* info, const Bytes* binary)
{
    return Checker(module, locations, sourceName, info, binary).run();
}

} // namespace Gearscope::GearValidator
