// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "codeloader.h"

#include "code/gasinstrumenter.h"
#include "code/gearvalidator.h"
#include "ids/ids.h"

#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/binary-writer.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/validator.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>

namespace Gearscope::CodeLoader {

namespace {

std::string hex(uint64_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
    return buf;
}

/// Gear's feature set (spec §7.1): MVP plus sign extension. Mutable globals stay on only so
/// that an exported mutable `__gear_stack_end` decodes; GearValidator rejects every other
/// mutable global export itself.
wabt::Features gearFeatures()
{
    wabt::Features features;
    // Disabling one feature can re-enable another through Features::UpdateDependencies()
    // (reference types pull bulk memory back on), so the sweep runs twice.
    for (int pass = 0; pass < 2; ++pass) {
#define WABT_FEATURE(variable, flag, default_, help) features.disable_##variable();
#include <wabt/feature.def>
#undef WABT_FEATURE
    }
    features.enable_sign_extension();
    features.enable_mutable_globals();
    return features;
}

/// For wabt's validator only: with multi-value off it rejects a two-result type in words that
/// do not name the type; GearValidator names it. The decoder keeps multi-value off, so block
/// types stay single-result as well (GearValidator checks those too).
wabt::Features gearValidationFeatures()
{
    wabt::Features features = gearFeatures();
    features.enable_multi_value();
    return features;
}

std::string formatTextErrors(const wabt::Errors& errors, const std::string& sourceName)
{
    std::string out;
    for (const auto& e : errors) {
        if (e.error_level != wabt::ErrorLevel::Error)
            continue;
        if (!out.empty())
            out += '\n';
        out += sourceName + ":" + std::to_string(e.loc.line) + ":" + std::to_string(e.loc.first_column) + ": "
            + e.message;
    }
    return out.empty() ? sourceName + ": invalid WAT text" : out;
}

std::string formatBinaryErrors(const wabt::Errors& errors, const std::string& sourceName, const char* what)
{
    std::string out;
    for (const auto& e : errors) {
        if (e.error_level != wabt::ErrorLevel::Error)
            continue;
        if (!out.empty())
            out += '\n';
        out += sourceName + ": " + what + " at offset " + hex(e.loc.offset) + ": " + e.message;
    }
    return out.empty() ? sourceName + ": " + what : out;
}

struct Assembled
{
    Bytes binary;
    std::unique_ptr<wabt::Module> module; ///< the parsed text, for line:column in Gear errors
};

/// The first `(@` outside comments and strings. wabt 1.0.32's lexer aborts the process
/// (std::length_error) on an annotation whose name runs into an unterminated string, e.g.
/// `(@a"` and a newline (found by fuzzing; `wat2wasm` dies the same way). Annotations are
/// disabled for Gear and wabt rejects them all anyway, so none reaches wabt.
bool findAnnotation(const Bytes& t, size_t* offset)
{
    const size_t n = t.size();
    auto at = [&](size_t i, char a, char b) { return i + 1 < n && t[i] == a && t[i + 1] == b; };
    size_t i = 0;
    while (i < n) {
        if (at(i, ';', ';')) { // line comment
            while (i < n && t[i] != '\n')
                ++i;
        } else if (at(i, '(', ';')) { // block comment, nested
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (at(i, '(', ';')) {
                    ++depth;
                    i += 2;
                } else if (at(i, ';', ')')) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
        } else if (t[i] == '"') { // string: ends at the closing quote or (an error) a newline
            ++i;
            while (i < n && t[i] != '"' && t[i] != '\n')
                i += (t[i] == '\\' && i + 1 < n && t[i + 1] != '\n') ? 2 : 1;
            ++i;
        } else if (at(i, '(', '@')) {
            *offset = i;
            return true;
        } else {
            ++i;
        }
    }
    return false;
}

Result<Assembled> assemble(const Bytes& text, const std::string& sourceName, const wabt::Features& features,
    const wabt::Features& validationFeatures)
{
    if (size_t offset = 0; findAnnotation(text, &offset)) {
        size_t line = 1, lineStart = 0;
        for (size_t i = 0; i < offset; ++i)
            if (text[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        const size_t column = offset - lineStart + 1;
        return Result<Assembled>::failure(sourceName + ":" + std::to_string(line) + ":" + std::to_string(column)
            + ": annotations \"(@...)\" are not supported");
    }
    wabt::Errors errors;
    // The lexer owns the file name the error locations point into, so errors are formatted
    // while it is alive.
    auto lexer = wabt::WastLexer::CreateBufferLexer(sourceName, text.data(), text.size(), &errors);
    wabt::WastParseOptions parseOptions(features);
    std::unique_ptr<wabt::Module> module;
    if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &module, &errors, &parseOptions)))
        return Result<Assembled>::failure(formatTextErrors(errors, sourceName));
    if (wabt::Failed(wabt::ValidateModule(module.get(), &errors, wabt::ValidateOptions(validationFeatures))))
        return Result<Assembled>::failure(formatTextErrors(errors, sourceName));
    wabt::MemoryStream stream;
    // Debug names go into the binary so traces and messages can show `$handle` rather than
    // a bare function index.
    wabt::WriteBinaryOptions writeOptions(features, /*canonicalize_lebs*/ true, /*relocatable*/ false,
        /*write_debug_names*/ true);
    if (wabt::Failed(wabt::WriteBinaryModule(&stream, module.get(), writeOptions)))
        return Result<Assembled>::failure(sourceName + ": could not write the assembled binary");
    Assembled out;
    out.binary = std::move(stream.output_buffer().data);
    out.module = std::move(module);
    return out;
}

// WAT is printable text (UTF-8 allowed in strings and comments); a control byte means the
// input is neither format, which deserves a better message than "unexpected char" at 1:1.
bool findControlByte(const Bytes& bytes, size_t* offset)
{
    for (size_t i = 0; i < bytes.size(); ++i) {
        const uint8_t b = bytes[i];
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
            *offset = i;
            return true;
        }
    }
    return false;
}

/// Minimal walker over the binary's section framing. wabt has decoded the module already;
/// this only re-finds section boundaries (bounds-checked all the same).
class SectionReader
{
public:
    explicit SectionReader(const Bytes& wasm)
        : m_wasm(wasm)
    {
    }

    struct Section
    {
        uint8_t id = 0;
        size_t start = 0; ///< offset of the id byte
        size_t payload = 0; ///< offset of the first payload byte
        size_t end = 0; ///< one past the last payload byte
    };

    /// Sections in file order; false if the framing is broken.
    bool sections(std::vector<Section>* out) const
    {
        size_t pos = 8; // magic + version
        while (pos < m_wasm.size()) {
            Section s;
            s.start = pos;
            s.id = m_wasm[pos++];
            uint32_t size = 0;
            if (!readU32(&pos, &size) || size > m_wasm.size() - pos)
                return false;
            s.payload = pos;
            s.end = pos + size;
            out->push_back(s);
            pos = s.end;
        }
        return true;
    }

    bool readU32(size_t* pos, uint32_t* out) const
    {
        uint64_t value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (*pos >= m_wasm.size())
                return false;
            const uint8_t b = m_wasm[(*pos)++];
            value |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) {
                if (value > UINT32_MAX)
                    return false;
                *out = uint32_t(value);
                return true;
            }
        }
        return false;
    }

private:
    const Bytes& m_wasm;
};

void appendU32(Bytes* out, uint32_t v)
{
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        if (v)
            b |= 0x80;
        out->push_back(b);
    } while (v);
}

constexpr uint8_t TypeSectionId = 1;
constexpr uint8_t ExportSectionId = 7;
constexpr uint8_t GlobalExportKind = 3;

/** Removes the global export `name` by rewriting only the export section, so everything else
 *  (function indices, the name section, custom sections) stays byte-identical. */
Result<Bytes> stripGlobalExport(const Bytes& wasm, const std::string& name, const std::string& sourceName)
{
    auto broken
        = [&] { return Result<Bytes>::failure(sourceName + ": cannot strip " + name + ": bad export section"); };
    SectionReader reader(wasm);
    std::vector<SectionReader::Section> sections;
    if (!reader.sections(&sections))
        return broken();
    for (const auto& s : sections) {
        if (s.id != ExportSectionId)
            continue;
        size_t pos = s.payload;
        uint32_t count = 0;
        if (!reader.readU32(&pos, &count))
            return broken();
        Bytes kept;
        uint32_t keptCount = 0;
        for (uint32_t i = 0; i < count; ++i) {
            const size_t entryStart = pos;
            uint32_t nameLength = 0;
            if (!reader.readU32(&pos, &nameLength) || nameLength > s.end - pos)
                return broken();
            const std::string entryName(wasm.begin() + pos, wasm.begin() + pos + nameLength);
            pos += nameLength;
            if (pos >= s.end)
                return broken();
            const uint8_t kind = wasm[pos++];
            uint32_t index = 0;
            if (!reader.readU32(&pos, &index) || pos > s.end)
                return broken();
            if (kind == GlobalExportKind && entryName == name)
                continue;
            kept.insert(kept.end(), wasm.begin() + entryStart, wasm.begin() + pos);
            ++keptCount;
        }
        Bytes payload;
        appendU32(&payload, keptCount);
        payload.insert(payload.end(), kept.begin(), kept.end());
        Bytes out(wasm.begin(), wasm.begin() + s.start);
        out.push_back(ExportSectionId);
        appendU32(&out, uint32_t(payload.size()));
        out.insert(out.end(), payload.begin(), payload.end());
        out.insert(out.end(), wasm.begin() + s.end, wasm.end());
        return out;
    }
    return broken();
}

} // namespace

bool looksLikeBinaryWasm(const Bytes& bytes) { return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0; }

Result<Bytes> assembleWat(const Bytes& text, const std::string& sourceName)
{
    // A plain assembler: wabt's default features, no Gear rules (load() applies those).
    auto assembled = assemble(text, sourceName, wabt::Features(), wabt::Features());
    if (!assembled)
        return Result<Bytes>::failure(assembled.error());
    return std::move(assembled.value().binary);
}

Result<CodeInfo> load(const Bytes& bytes, const std::string& sourceName)
{
    using Fail = Result<CodeInfo>;
    if (bytes.empty())
        return Fail::failure(sourceName + ": empty input (expected a Wasm binary or WAT text)");

    const wabt::Features features = gearFeatures();
    const bool fromText = !looksLikeBinaryWasm(bytes);
    Bytes original;
    std::unique_ptr<wabt::Module> textModule;
    if (fromText) {
        size_t offset = 0;
        if (findControlByte(bytes, &offset))
            return Fail::failure(sourceName + ": neither a Wasm binary (no \\0asm magic) nor WAT text (byte "
                + hex(bytes[offset]) + " at offset " + hex(offset) + ")");
        // Gear's features already while parsing, so e.g. a SIMD instruction is reported at its
        // line rather than later at a byte offset of the assembled binary.
        auto assembled = assemble(bytes, sourceName, features, gearValidationFeatures());
        if (!assembled)
            return Fail::failure(assembled.error());
        original = std::move(assembled.value().binary);
        textModule = std::move(assembled.value().module);
    } else {
        original = bytes;
    }

    // Text input: the parsed text (wabt-validated already) is checked first, only so that a
    // broken rule is reported at its line:column; the decoded binary below stays the authority
    // and fills the CodeInfo.
    if (textModule) {
        CodeInfo scratch;
        auto checked
            = GearValidator::check(*textModule, GearValidator::Locations::TextLineColumn, sourceName, &scratch);
        if (!checked)
            return Fail::failure(checked.error());
    }

    if (original.size() > GearValidator::MaxCodeBytes)
        return Fail::failure(sourceName + ": code is " + std::to_string(original.size()) + " bytes, limit "
            + std::to_string(GearValidator::MaxCodeBytes) + " (512 KiB)");

    // The binary is what runs, so it is decoded and checked even when it was assembled here.
    wabt::Module module;
    wabt::Errors errors;
    const wabt::ReadBinaryOptions readOptions(features, nullptr, /*read_debug_names*/ true,
        /*stop_on_first_error*/ true, /*fail_on_custom_section_error*/ false);
    if (wabt::Failed(
            wabt::ReadBinaryIr(sourceName.c_str(), original.data(), original.size(), readOptions, &errors, &module)))
        return Fail::failure(formatBinaryErrors(errors, sourceName, "malformed Wasm binary"));
    if (wabt::Failed(wabt::ValidateModule(&module, &errors, wabt::ValidateOptions(gearValidationFeatures()))))
        return Fail::failure(formatBinaryErrors(errors, sourceName, "invalid Wasm module"));

    SectionReader reader(original);
    std::vector<SectionReader::Section> sections;
    if (!reader.sections(&sections))
        return Fail::failure(sourceName + ": malformed Wasm binary: broken section framing");
    for (const auto& s : sections)
        if (s.id == TypeSectionId && s.end - s.payload > GearValidator::MaxTypeSectionBytes)
            return Fail::failure(sourceName + ": type section is " + std::to_string(s.end - s.payload)
                + " bytes, limit " + std::to_string(GearValidator::MaxTypeSectionBytes));

    CodeInfo info;
    auto checked = GearValidator::check(module, GearValidator::Locations::BinaryOffsets, sourceName, &info, &original);
    if (!checked)
        return Fail::failure(checked.error());

    Bytes validated = original;
    if (info.stackEnd) {
        auto stripped = stripGlobalExport(original, GearValidator::StackEndExport, sourceName);
        if (!stripped)
            return Fail::failure(stripped.error());
        validated = std::move(stripped.value());
    }
    // Priced, sized and shown without the write tracking, which is the debugger's own machinery
    // (not Gear's): gas figures and sizes stay what they were. The runtime runs `executable`.
    auto instrumented = GasInstrumenter::instrument(validated, /*trackWrites*/ false);
    if (!instrumented)
        return Fail::failure(sourceName + ": gas instrumentation failed: " + instrumented.error());
    auto executable = GasInstrumenter::instrument(validated, /*trackWrites*/ true);
    if (!executable)
        return Fail::failure(sourceName + ": gas instrumentation failed: " + executable.error());

    info.id = Ids::codeId(original);
    info.original = std::move(original);
    info.instrumented = std::move(instrumented.value());
    info.executable = std::move(executable.value());
    info.fromText = fromText;
    return info;
}

} // namespace Gearscope::CodeLoader
