// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <set>

namespace Gearscope {

namespace {

std::string s(const QString& q) { return q.toStdString(); }

/// Parsing context: collects the first error with its location and stops.
struct Parser
{
    std::string file;
    std::string error;
    QDir dir;
    std::vector<std::string> codeNames; ///< declared so far: "codes" entries, then programs

    bool fail(const std::string& where, const std::string& what)
    {
        if (error.empty())
            error = file + ": " + where + ": " + what;
        return false;
    }

    bool checkKeys(const QJsonObject& o, const std::string& where, std::initializer_list<const char*> allowed)
    {
        return checkKeysIn(o, where, allowed);
    }
    template <typename Keys> bool checkKeysIn(const QJsonObject& o, const std::string& where, const Keys& allowed)
    {
        // Unknown keys are errors: a typo ("payloadhex") must not silently send an empty payload.
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool known = false;
            for (const char* a : allowed)
                known = known || it.key() == QLatin1String(a);
            if (!known) {
                std::string list;
                for (const char* a : allowed)
                    list += std::string(list.empty() ? "" : ", ") + a;
                return fail(where + "." + s(it.key()), "unknown field (expected one of: " + list + ")");
            }
        }
        return true;
    }

    bool string(const QJsonObject& o, const char* key, const std::string& where, std::string* out, bool required)
    {
        auto v = o.value(QLatin1String(key));
        if (v.isUndefined()) {
            if (required)
                return fail(where + "." + key, "missing (a string is required)");
            return true;
        }
        if (!v.isString())
            return fail(where + "." + key, "must be a string");
        *out = s(v.toString());
        return true;
    }

    bool u128Value(const QJsonValue& v, const std::string& where, u128* out)
    {
        // Accept numbers for convenience but strings for the full u128 range.
        if (v.isDouble()) {
            double d = v.toDouble();
            // Range first: converting a double above 2^64 to uint64_t is undefined behaviour.
            if (d < 0 || d > 9007199254740992.0 || d != double(uint64_t(d)))
                return fail(where, "must be a non-negative integer (use a string for values above 2^53)");
            *out = u128(uint64_t(d));
            return true;
        }
        if (v.isString() && u128FromString(s(v.toString()), out))
            return true;
        return fail(where, "must be a non-negative integer or a decimal string");
    }

    bool u64Value(const QJsonValue& v, const std::string& where, uint64_t* out)
    {
        u128 x = 0;
        if (!u128Value(v, where, &x))
            return false;
        if (x > u128(~uint64_t(0)))
            return fail(where, "does not fit in 64 bits");
        *out = uint64_t(x);
        return true;
    }

    bool payloadPart(const QJsonValue& v, const std::string& where, ScenarioPayload* out)
    {
        using Part = ScenarioPayload::Part;
        if (v.isString()) {
            QByteArray u = v.toString().toUtf8();
            out->parts.push_back({ Part::Literal, Bytes(u.begin(), u.end()), {} });
            return true;
        }
        if (!v.isObject())
            return fail(where,
                "a payload is a string (text), an object {text|hex|u8|u32|u64|u128|actor|code} or an array of those");
        QJsonObject o = v.toObject();
        if (o.size() != 1)
            return fail(where, "a payload object has exactly one of: text, hex, u8, u32, u64, u128, actor, code");
        const QString k = o.begin().key();
        const QJsonValue x = o.begin().value();
        Part p;
        if (k == QLatin1String("text")) {
            if (!x.isString())
                return fail(where + ".text", "must be a string");
            QByteArray u = x.toString().toUtf8();
            p.bytes.assign(u.begin(), u.end());
        } else if (k == QLatin1String("hex")) {
            if (!x.isString() || !fromHex(s(x.toString()), &p.bytes))
                return fail(where + ".hex", "must be a string of hex digit pairs (optionally 0x-prefixed)");
        } else if (k == QLatin1String("u8") || k == QLatin1String("u32") || k == QLatin1String("u64")
            || k == QLatin1String("u128")) {
            const int width = k == QLatin1String("u8") ? 1
                : k == QLatin1String("u32")            ? 4
                : k == QLatin1String("u64")            ? 8
                                                       : 16;
            u128 n = 0;
            if (!u128Value(x, where + "." + s(k), &n))
                return false;
            if (width < 16 && n >> (8 * width))
                return fail(where + "." + s(k), "does not fit in " + std::to_string(8 * width) + " bits");
            for (int i = 0; i < width; ++i)
                p.bytes.push_back(uint8_t(n >> (8 * i)));
        } else if (k == QLatin1String("actor")) {
            if (!x.isString())
                return fail(where + ".actor", "must be an actor name");
            p.kind = Part::Actor;
            p.actor = s(x.toString());
        } else if (k == QLatin1String("code")) {
            // The 32-byte code id of an entry of "codes" or of a program, e.g. for gr_create_program.
            if (!x.isString())
                return fail(where + ".code", "must be the name of a code or a program");
            p.kind = Part::Code;
            p.actor = s(x.toString());
            if (!std::count(codeNames.begin(), codeNames.end(), p.actor))
                return fail(where + ".code",
                    "unknown code \"" + p.actor + "\" (not in \"codes\" nor a program declared before)");
        } else {
            return fail(where + "." + s(k), "unknown payload kind (text, hex, u8, u32, u64, u128, actor, code)");
        }
        out->parts.push_back(std::move(p));
        return true;
    }

    bool payload(const QJsonValue& v, const std::string& where, ScenarioPayload* out)
    {
        if (v.isArray()) {
            const QJsonArray a = v.toArray();
            for (int i = 0; i < a.size(); ++i)
                if (!payloadPart(a[i], where + "[" + std::to_string(i) + "]", out))
                    return false;
            return true;
        }
        return payloadPart(v, where, out);
    }

    bool array(const QJsonObject& root, const char* key, QJsonArray* out, const std::string& prefix = {})
    {
        auto v = root.value(QLatin1String(key));
        if (v.isUndefined())
            return true;
        if (!v.isArray())
            return fail(prefix + key, "must be an array");
        *out = v.toArray();
        return true;
    }
};

std::pair<int, int> lineColumn(const QByteArray& text, int offset)
{
    // QJsonParseError::offset can lie past whitespace the parser already consumed (a bad
    // literal at the end of a line is reported at the start of the next): point just after
    // the last significant character instead, so the line is the one to fix.
    offset = std::min(offset, int(text.size()));
    while (offset > 0
        && (text[offset - 1] == ' ' || text[offset - 1] == '\t' || text[offset - 1] == '\n'
            || text[offset - 1] == '\r'))
        --offset;
    int line = 1, col = 1;
    for (int i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((uchar(text[i]) & 0xC0) != 0x80) {
            ++col; // columns count characters, not UTF-8 continuation bytes
        }
    }
    return { line, col };
}

} // namespace

Result<Bytes> ScenarioPayload::resolve(const Runtime& rt, const std::map<std::string, CodeId>& codes) const
{
    Bytes out;
    for (const auto& p : parts) {
        if (p.kind == Part::Literal) {
            out.insert(out.end(), p.bytes.begin(), p.bytes.end());
            continue;
        }
        if (p.kind == Part::Code) {
            auto c = codes.find(p.actor);
            if (c == codes.end())
                return Result<Bytes>::failure("unknown code \"" + p.actor + "\"");
            out.insert(out.end(), c->second.bytes.begin(), c->second.bytes.end());
            continue;
        }
        auto id = rt.actorByName(p.actor);
        if (!id)
            return Result<Bytes>::failure("unknown actor \"" + p.actor + "\"");
        out.insert(out.end(), id->bytes.begin(), id->bytes.end());
    }
    return out;
}

Result<Scenario> Scenario::load(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return Result<Scenario>::failure(path + ": cannot open: " + s(f.errorString()));
    return parse(f.readAll(), path);
}

Result<Scenario> Scenario::parse(const QByteArray& json, const std::string& path)
{
    using R = Result<Scenario>;
    QJsonParseError pe;
    QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        auto [line, col] = lineColumn(json, pe.offset);
        return R::failure(
            path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": JSON error: " + s(pe.errorString()));
    }
    if (!doc.isObject())
        return R::failure(path + ": the scenario must be a JSON object");
    Parser P;
    P.file = path;
    P.dir = QFileInfo(QString::fromStdString(path)).absoluteDir();
    Scenario sc;
    sc.path = path;
    const QJsonObject root = doc.object();
    if (!P.checkKeys(root, "scenario",
            { "name", "description", "seed", "blocks", "maxBlocks", "blockGasAllowance", "users", "codes", "programs",
                "messages", "expect", "stopAfterStep" }))
        return R::failure(P.error);
    P.string(root, "name", "scenario", &sc.name, false);
    P.string(root, "description", "scenario", &sc.description, false);
    if (root.contains(u"seed"))
        P.u64Value(root.value(u"seed"), "seed", &sc.seed);
    if (root.contains(u"blocks")) {
        uint64_t b = 0;
        if (P.u64Value(root.value(u"blocks"), "blocks", &b)) {
            if (b > 1000000)
                P.fail("blocks", "at most 1000000");
            sc.blocks = uint32_t(b);
        }
    }
    if (root.contains(u"maxBlocks")) {
        uint64_t b = 0;
        if (P.u64Value(root.value(u"maxBlocks"), "maxBlocks", &b))
            sc.maxBlocks = uint32_t(std::min<uint64_t>(b, 1000000));
    }
    if (root.contains(u"stopAfterStep")) {
        uint64_t n = 0;
        if (P.u64Value(root.value(u"stopAfterStep"), "stopAfterStep", &n))
            sc.stopAfterStep = n;
    }
    if (root.contains(u"blockGasAllowance")) {
        uint64_t g = 0;
        if (P.u64Value(root.value(u"blockGasAllowance"), "blockGasAllowance", &g)) {
            if (g == 0)
                P.fail("blockGasAllowance", "must be at least 1");
            sc.blockGasAllowance = g;
        }
    }
    if (!P.error.empty())
        return R::failure(P.error);

    std::vector<std::string> knownActors = { "alice", "bob", "charlie", "eve" };
    // Only users can upload programs; knownActors also holds program names.
    std::vector<std::string> userNames = knownActors;
    std::set<std::string> listedUsers; ///< names in "users", to catch one listed twice
    QJsonArray users;
    if (!P.array(root, "users", &users))
        return R::failure(P.error);
    for (int i = 0; i < users.size(); ++i) {
        const std::string w = "users[" + std::to_string(i) + "]";
        if (!users[i].isObject())
            return R::failure(P.error.empty() ? path + ": " + w + ": must be an object" : P.error);
        QJsonObject o = users[i].toObject();
        User u;
        if (!P.checkKeys(o, w, { "name", "balance" }) || !P.string(o, "name", w, &u.name, true))
            return R::failure(P.error);
        if (u.name.empty())
            return R::failure(path + ": " + w + ".name: must not be empty");
        // Two entries would be one user (the id comes from the name) with whichever balance came
        // last: almost certainly a copy-and-paste slip, so say so.
        if (!listedUsers.insert(u.name).second)
            return R::failure(path + ": " + w + ".name: \"" + u.name + "\" is listed twice");
        if (o.contains(u"balance")) {
            u128 b = 0;
            if (!P.u128Value(o.value(u"balance"), w + ".balance", &b))
                return R::failure(P.error);
            u.balance = b;
        }
        knownActors.push_back(u.name);
        userNames.push_back(u.name);
        sc.users.push_back(u);
    }

    // Codes to submit without uploading a program (spec §6.2: gr_create_program needs known code).
    QJsonArray codes;
    if (!P.array(root, "codes", &codes))
        return R::failure(P.error);
    for (int i = 0; i < codes.size(); ++i) {
        const std::string w = "codes[" + std::to_string(i) + "]";
        if (!codes[i].isObject())
            return R::failure(path + ": " + w + ": must be an object");
        QJsonObject o = codes[i].toObject();
        Code c;
        c.where = w;
        if (!P.checkKeys(o, w, { "name", "file" }) || !P.string(o, "name", w, &c.name, true)
            || !P.string(o, "file", w, &c.file, true))
            return R::failure(P.error);
        if (c.name.empty())
            return R::failure(path + ": " + w + ".name: must not be empty");
        if (std::count(P.codeNames.begin(), P.codeNames.end(), c.name))
            return R::failure(path + ": " + w + ".name: \"" + c.name + "\" is already used by another code");
        QString full = P.dir.absoluteFilePath(QString::fromStdString(c.file));
        QFile f(full);
        if (!f.open(QIODevice::ReadOnly))
            return R::failure(
                path + ": " + w + ".file: cannot open \"" + c.file + "\" (" + s(full) + "): " + s(f.errorString()));
        QByteArray bytes = f.readAll();
        c.code.assign(bytes.begin(), bytes.end());
        c.file = s(full);
        P.codeNames.push_back(c.name);
        sc.codes.push_back(std::move(c));
    }

    QJsonArray programs;
    if (!P.array(root, "programs", &programs))
        return R::failure(P.error);
    for (int i = 0; i < programs.size(); ++i) {
        const std::string w = "programs[" + std::to_string(i) + "]";
        if (!programs[i].isObject())
            return R::failure(path + ": " + w + ": must be an object");
        QJsonObject o = programs[i].toObject();
        Program p;
        p.where = w;
        if (!P.checkKeys(o, w, { "name", "file", "from", "salt", "init", "value", "gas" })
            || !P.string(o, "name", w, &p.name, true) || !P.string(o, "file", w, &p.file, true)
            || !P.string(o, "from", w, &p.from, false))
            return R::failure(P.error);
        if (std::count(knownActors.begin(), knownActors.end(), p.name))
            return R::failure(path + ": " + w + ".name: \"" + p.name + "\" is already used by another actor");
        if (std::count(P.codeNames.begin(), P.codeNames.end(), p.name))
            return R::failure(path + ": " + w + ".name: \"" + p.name + "\" is already the name of a code");
        if (!std::count(userNames.begin(), userNames.end(), p.from))
            return R::failure(path + ": " + w + ".from: unknown user \"" + p.from + "\"");
        QString full = P.dir.absoluteFilePath(QString::fromStdString(p.file));
        QFile f(full);
        if (!f.open(QIODevice::ReadOnly))
            return R::failure(
                path + ": " + w + ".file: cannot open \"" + p.file + "\" (" + s(full) + "): " + s(f.errorString()));
        QByteArray code = f.readAll();
        p.code.assign(code.begin(), code.end());
        p.file = s(full);
        if (o.contains(u"salt")) {
            ScenarioPayload salt;
            if (!P.payload(o.value(u"salt"), w + ".salt", &salt))
                return R::failure(P.error);
            for (const auto& part : salt.parts) {
                if (part.kind != ScenarioPayload::Part::Literal)
                    return R::failure(path + ": " + w + ".salt: must not refer to actors");
                p.salt.insert(p.salt.end(), part.bytes.begin(), part.bytes.end());
            }
        } else {
            // A distinct default salt per program name lets one code be uploaded twice.
            p.salt.assign(p.name.begin(), p.name.end());
        }
        if (o.contains(u"init") && !P.payload(o.value(u"init"), w + ".init", &p.init))
            return R::failure(P.error);
        if (o.contains(u"value") && !P.u128Value(o.value(u"value"), w + ".value", &p.value))
            return R::failure(P.error);
        if (o.contains(u"gas")) {
            uint64_t g = 0;
            if (!P.u64Value(o.value(u"gas"), w + ".gas", &g))
                return R::failure(P.error);
            p.gas = g;
        }
        knownActors.push_back(p.name);
        P.codeNames.push_back(p.name);
        sc.programs.push_back(std::move(p));
    }

    auto checkActor = [&](const std::string& name, const std::string& where) -> bool {
        if (std::count(knownActors.begin(), knownActors.end(), name))
            return true;
        ActorId id;
        if (ActorId::fromHex(name, &id))
            return true;
        return P.fail(
            where, "unknown actor \"" + name + "\" (not a user, a program of this scenario, or a 32-byte hex id)");
    };

    QJsonArray messages;
    if (!P.array(root, "messages", &messages))
        return R::failure(P.error);
    for (int i = 0; i < messages.size(); ++i) {
        const std::string w = "messages[" + std::to_string(i) + "]";
        if (!messages[i].isObject())
            return R::failure(path + ": " + w + ": must be an object");
        QJsonObject o = messages[i].toObject();
        Send m;
        m.where = w;
        std::string kind = "send";
        if (!P.checkKeys(o, w, { "kind", "from", "to", "payload", "value", "gas", "block", "afterStep", "message" })
            || !P.string(o, "kind", w, &kind, false) || !P.string(o, "from", w, &m.from, false)
            || !P.string(o, "to", w, &m.to, true))
            return R::failure(P.error);
        if (kind == "send")
            m.kind = Send::Message;
        else if (kind == "reply")
            m.kind = Send::Reply;
        else if (kind == "claim")
            m.kind = Send::Claim;
        else
            return R::failure(path + ": " + w + ".kind: \"" + kind + "\" is not one of send, reply, claim");
        if (!checkActor(m.from, w + ".from") || !checkActor(m.to, w + ".to"))
            return R::failure(P.error);
        if (o.contains(u"message")) {
            if (m.kind == Send::Message)
                return R::failure(path + ": " + w + ".message: only a reply or a claim names a mailbox message");
            const QJsonValue idv = o.value(u"message");
            MessageId id;
            if (!idv.isString() || !MessageId::fromHex(idv.toString().toStdString(), &id))
                return R::failure(path + ": " + w + ".message: must be a message id, 64 hex digits");
            m.message = id;
        }
        if (o.contains(u"payload") && !P.payload(o.value(u"payload"), w + ".payload", &m.payload))
            return R::failure(P.error);
        if (o.contains(u"value") && !P.u128Value(o.value(u"value"), w + ".value", &m.value))
            return R::failure(P.error);
        if (o.contains(u"gas")) {
            uint64_t g = 0;
            if (!P.u64Value(o.value(u"gas"), w + ".gas", &g))
                return R::failure(P.error);
            m.gas = g;
        }
        if (o.contains(u"block")) {
            uint64_t b = 0;
            if (!P.u64Value(o.value(u"block"), w + ".block", &b))
                return R::failure(P.error);
            if (b < 1 || b > 1000000)
                return R::failure(path + ": " + w + ".block: must be between 1 and 1000000");
            m.block = BlockNumber(b);
        }
        if (o.contains(u"afterStep")) {
            uint64_t n = 0;
            if (!P.u64Value(o.value(u"afterStep"), w + ".afterStep", &n))
                return R::failure(P.error);
            // Inside a block means after at least one of its steps: a block opens only to run one.
            if (n == 0)
                return R::failure(path + ": " + w
                    + ".afterStep: must be at least 1 (a block's first step runs before anything can be made inside "
                      "it; to make it before the block, leave afterStep out)");
            if (sc.stopAfterStep && n > *sc.stopAfterStep)
                return R::failure(path + ": " + w + ".afterStep: " + std::to_string(n)
                    + " is after the end of the run (stopAfterStep is " + std::to_string(*sc.stopAfterStep) + ")");
            m.afterStep = n;
        }
        sc.sends.push_back(std::move(m));
    }

    auto v = root.value(u"expect");
    if (!v.isUndefined()) {
        if (!v.isObject())
            return R::failure(path + ": expect: must be an object");
        QJsonObject e = v.toObject();
        if (!P.checkKeys(e, "expect", { "replies", "log", "mailbox", "states", "balances", "programs", "noErrors" }))
            return R::failure(P.error);
        // Each group accepts only the keys it checks (its actor key first): a key another group
        // uses, such as `count` in a reply, would otherwise look like a check and check nothing.
        struct Group
        {
            const char* key;
            Expectation::Kind kind;
            const char* actorKey;
            std::vector<const char*> keys;
        };
        const Group groups[] = {
            { "replies", Expectation::Reply, "to", { "to", "from", "code", "value", "payload", "contains" } },
            { "log", Expectation::Log, "to", { "to", "from", "value", "payload", "contains" } },
            { "mailbox", Expectation::Mailbox, "user", { "user", "from", "payload", "contains", "value", "count" } },
            { "states", Expectation::State, "program", { "program", "query", "payload", "contains" } },
            { "balances", Expectation::Balance, "actor", { "actor", "value" } },
            { "programs", Expectation::ProgramState, "program", { "program", "state" } },
        };
        for (const auto& g : groups) {
            QJsonArray arr;
            if (!P.array(e, g.key, &arr, "expect."))
                return R::failure(P.error);
            for (int i = 0; i < arr.size(); ++i) {
                const std::string w = std::string("expect.") + g.key + "[" + std::to_string(i) + "]";
                if (!arr[i].isObject())
                    return R::failure(path + ": " + w + ": must be an object");
                QJsonObject o = arr[i].toObject();
                Expectation x;
                x.kind = g.kind;
                x.where = w;
                if (!P.checkKeysIn(o, w, g.keys) || !P.string(o, g.actorKey, w, &x.actor, true)
                    || !P.string(o, "from", w, &x.from, false))
                    return R::failure(P.error);
                if (!checkActor(x.actor, w + "." + g.actorKey) || (!x.from.empty() && !checkActor(x.from, w + ".from")))
                    return R::failure(P.error);
                if (o.contains(u"payload")) {
                    ScenarioPayload pl;
                    if (!P.payload(o.value(u"payload"), w + ".payload", &pl))
                        return R::failure(P.error);
                    x.payload = pl;
                }
                if (o.contains(u"query")) {
                    ScenarioPayload q;
                    if (!P.payload(o.value(u"query"), w + ".query", &q))
                        return R::failure(P.error);
                    x.query = q;
                }
                std::string tmp;
                if (o.contains(u"code")) {
                    if (!P.string(o, "code", w, &tmp, true))
                        return R::failure(P.error);
                    x.code = tmp;
                }
                if (o.contains(u"contains")) {
                    if (!P.string(o, "contains", w, &tmp, true))
                        return R::failure(P.error);
                    x.contains = tmp;
                }
                if (o.contains(u"value")) {
                    u128 val = 0;
                    if (!P.u128Value(o.value(u"value"), w + ".value", &val))
                        return R::failure(P.error);
                    x.value = val;
                }
                if (o.contains(u"count")) {
                    uint64_t c = 0;
                    if (!P.u64Value(o.value(u"count"), w + ".count", &c))
                        return R::failure(P.error);
                    x.count = uint32_t(c);
                }
                if (g.kind == Expectation::ProgramState) {
                    if (!P.string(o, "state", w, &x.state, true))
                        return R::failure(P.error);
                    static const char* states[] = { "uninitialized", "active", "exited", "terminated" };
                    if (std::none_of(
                            std::begin(states), std::end(states), [&](const char* st) { return x.state == st; }))
                        return R::failure(path + ": " + w + ".state: \"" + x.state
                            + "\" is not one of uninitialized, active, exited, terminated");
                }
                if (g.kind == Expectation::Balance && !x.value)
                    return R::failure(path + ": " + w + ".value: missing (the expected balance)");
                if (g.kind == Expectation::State && !x.payload && !x.contains)
                    return R::failure(path + ": " + w + ": needs payload or contains");
                sc.expectations.push_back(std::move(x));
            }
        }
        if (e.contains(u"noErrors")) {
            if (!e.value(u"noErrors").isBool())
                return R::failure(path + ": expect.noErrors: must be true or false");
            if (e.value(u"noErrors").toBool()) {
                Expectation x;
                x.kind = Expectation::NoErrors;
                x.where = "expect.noErrors";
                sc.expectations.push_back(x);
            }
        }
    }
    return sc;
}

// ===================================================================== runner

namespace {
std::string show(const Bytes& b)
{
    bool printable = std::all_of(b.begin(), b.end(), [](uint8_t c) { return c >= 32 && c < 127; });
    if (printable)
        return "\"" + std::string(b.begin(), b.end()) + "\"";
    return "0x" + toHex(b);
}
} // namespace

RuntimeConfig ScenarioRunner::runtimeConfig(const Scenario& s, RuntimeConfig base)
{
    base.seed = s.seed;
    if (s.blockGasAllowance)
        base.blockGasAllowance = *s.blockGasAllowance;
    return base;
}

ScenarioRunner::ScenarioRunner(const Scenario& s, RuntimeConfig config)
    : m_s(s)
    , m_rt(runtimeConfig(s, std::move(config)))
{
    for (size_t i = 0; i < m_s.sends.size(); ++i)
        m_order.push_back(i);
    // By block, keeping file order; inside one block, the messages made before it first, then
    // those made while it runs, by their step.
    std::stable_sort(m_order.begin(), m_order.end(), [&](size_t a, size_t b) {
        const auto& x = m_s.sends[a];
        const auto& y = m_s.sends[b];
        if (x.block != y.block)
            return x.block < y.block;
        return std::make_pair(bool(x.afterStep), x.afterStep.value_or(0))
            < std::make_pair(bool(y.afterStep), y.afterStep.value_or(0));
    });
}

Result<Ok> ScenarioRunner::setUp()
{
    using R = Result<Ok>;
    for (size_t i = 0; i < m_s.users.size(); ++i) {
        const auto& u = m_s.users[i];
        if (auto existing = m_rt.userByName(u.name)) {
            if (u.balance)
                return R::failure(m_s.path + ": users: \"" + u.name + "\" is a default user; its balance is fixed");
            continue;
        }
        if (auto added = m_rt.addUser(u.name, u.balance); !added)
            return R::failure(m_s.path + ": users[" + std::to_string(i) + "]: " + added.error());
    }
    for (const auto& c : m_s.codes) {
        auto code = m_rt.submitCode(c.code, c.file);
        if (!code)
            return R::failure(m_s.path + ": " + c.where + " (" + c.name + "): " + code.error());
        m_codes[c.name] = code.value();
    }
    for (const auto& p : m_s.programs) {
        auto code = m_rt.submitCode(p.code, p.file);
        if (!code)
            return R::failure(m_s.path + ": " + p.where + " (" + p.name + "): " + code.error());
        m_codes[p.name] = code.value();
        auto init = p.init.resolve(m_rt, m_codes);
        if (!init)
            return R::failure(m_s.path + ": " + p.where + ".init: " + init.error());
        auto from = m_rt.userByName(p.from);
        if (!from) // Scenario is a plain struct: callers other than parse() may fill it
            return R::failure(m_s.path + ": " + p.where + ".from: \"" + p.from + "\" is not a user");
        auto up = m_rt.uploadProgram(*from, code.value(), p.salt, init.value(), p.value, p.gas, p.name);
        if (!up)
            return R::failure(m_s.path + ": " + p.where + " (" + p.name + "): " + up.error());
    }
    return Ok {};
}

Result<Ok> ScenarioRunner::sendDue(BlockNumber beforeBlock)
{
    using R = Result<Ok>;
    while (m_nextSend < m_order.size() && m_s.sends[m_order[m_nextSend]].block <= beforeBlock) {
        const auto& m = m_s.sends[m_order[m_nextSend]];
        if (m.afterStep) {
            // Made while its block runs (sendDueInBlock); a block already over went past it.
            if (m.block < beforeBlock)
                return R::failure(notInside(m));
            break;
        }
        ++m_nextSend;
        if (auto made = makeSend(m); !made)
            return made;
    }
    return Ok {};
}

Result<Ok> ScenarioRunner::sendDueInBlock()
{
    using R = Result<Ok>;
    while (m_nextSend < m_order.size()) {
        const auto& m = m_s.sends[m_order[m_nextSend]];
        if (!m.afterStep || !m_rt.blockOpen() || m.block > m_rt.blockHeight())
            break; // not made inside the open block
        if (m.block < m_rt.blockHeight() || *m.afterStep < m_rt.stepCount())
            return R::failure(notInside(m));
        if (*m.afterStep > m_rt.stepCount())
            break;
        ++m_nextSend;
        if (auto made = makeSend(m); !made)
            return made;
    }
    return Ok {};
}

std::string ScenarioRunner::notInside(const Scenario::Send& m) const
{
    const std::string n = std::to_string(*m.afterStep);
    const std::string b = std::to_string(m.block);
    std::string why;
    if (m_lastBlock == m.block)
        why = "block " + b + " ran steps " + std::to_string(m_lastBlockStart + 1) + " to "
            + std::to_string(m_lastBlockEnd);
    else if (m_lastBlock < m.block && m_rt.stepCount() > *m.afterStep)
        why = "the run was past step " + n + " before block " + b + " began";
    else
        why = "block " + b + " ran no steps";
    return m_s.path + ": " + m.where + ".afterStep: step " + n + " is not inside block " + b + " (" + why + ")";
}

Result<Ok> ScenarioRunner::makeSend(const Scenario::Send& m)
{
    using R = Result<Ok>;
    auto from = m_rt.userByName(m.from);
    if (!from)
        return R::failure(m_s.path + ": " + m.where + ".from: \"" + m.from + "\" is not a user");
    auto to = m_rt.actorByName(m.to);
    auto payload = m.payload.resolve(m_rt, m_codes);
    if (!payload)
        return R::failure(m_s.path + ": " + m.where + ".payload: " + payload.error());
    if (m.kind == Scenario::Send::Message) {
        auto r = m_rt.sendMessage(*from, *to, payload.value(), m.value, m.gas);
        if (!r)
            return R::failure(m_s.path + ": " + m.where + ": " + r.error());
        return Ok {};
    }
    // Reply/claim: the message named, else the oldest mailbox message from that program.
    std::optional<MessageId> target;
    for (const auto& e : m_rt.mailbox(*from))
        if (e.message.source == *to && (!m.message || e.message.id == *m.message)) {
            target = e.message.id;
            break;
        }
    if (!target)
        return R::failure(m_s.path + ": " + m.where + ": " + m.from + "'s mailbox has no message "
            + (m.message ? m.message->hex() + " " : std::string()) + "from " + m.to + " at block "
            + std::to_string(m.block));
    if (m.kind == Scenario::Send::Reply) {
        auto r = m_rt.replyFromMailbox(*from, *target, payload.value(), m.value, m.gas);
        if (!r)
            return R::failure(m_s.path + ": " + m.where + ": " + r.error());
    } else {
        auto r = m_rt.claimValue(*from, *target);
        if (!r)
            return R::failure(m_s.path + ": " + m.where + ": " + r.error());
    }
    return Ok {};
}

Result<bool> ScenarioRunner::runBlockInSteps()
{
    using R = Result<bool>;
    if (!m_rt.blockOpen() && !m_rt.blockHasWork()) {
        m_rt.runBlock(); // an empty block passes, as it does when run whole
    } else {
        // What runBlock does, one step at a time: step() alone would go on into the next block
        // once this one has nothing left, so ask blockHasWork() first and end the block here.
        for (;;) {
            if (m_rt.blockOpen()) {
                if (auto sent = sendDueInBlock(); !sent)
                    return R::failure(sent.error());
            }
            if (m_rt.blockOpen() && !m_rt.blockHasWork()) {
                m_rt.endBlock();
                break;
            }
            // The stop comes just before the step after it: what is due before that is made.
            if (m_s.stopAfterStep && m_rt.stepCount() >= *m_s.stopAfterStep)
                return true;
            if (!m_rt.step())
                break;
        }
    }
    // A message due inside this block whose step the block never reached.
    if (m_nextSend < m_order.size()) {
        const auto& m = m_s.sends[m_order[m_nextSend]];
        if (m.afterStep && m.block <= m_rt.blockHeight())
            return R::failure(notInside(m));
    }
    return false;
}

Result<Ok> ScenarioRunner::run(Runtime::Observer observer)
{
    using R = Result<Ok>;
    m_rt.setObserver([this, observer](const StepRecord& r) {
        noteStep(r);
        if (r.outcome == Gearscope::Outcome::Trap || r.outcome == Gearscope::Outcome::Unavailable)
            m_errors.push_back("step " + std::to_string(r.index) + ": " + toString(r.dispatchKind) + " to "
                + m_rt.actorName(r.actor) + " " + (r.errorCode ? r.errorCode->toString() : std::string())
                + (r.trapMessage.empty() ? "" : " (" + r.trapMessage + ")"));
        if (observer)
            observer(r);
    });
    uint32_t ran = 0;
    const uint32_t limit = m_s.blocks.value_or(m_s.maxBlocks);
    bool stopped = false;
    while (ran < limit) {
        if (!m_stopReason.empty())
            return R::failure(m_stopReason);
        const BlockNumber next = m_rt.blockHeight() + 1;
        auto sent = sendDue(next);
        if (!sent)
            return sent;
        if (m_s.stopAfterStep && m_rt.stepCount() >= *m_s.stopAfterStep) {
            stopped = true;
            break;
        }
        if (!m_s.blocks && m_rt.idle() && m_nextSend >= m_order.size())
            break;
        if (!m_s.blocks && m_rt.queue().empty() && !m_rt.blockOpen()) {
            // Running until idle: waiting for a far task (a waitlist or mailbox deadline) costs
            // no blocks of the budget — pass the empty ones in one go, up to the next send.
            BlockNumber upTo = ~BlockNumber(0);
            if (m_nextSend < m_order.size())
                upTo = m_s.sends[m_order[m_nextSend]].block - 1;
            if (upTo > m_rt.blockHeight())
                m_rt.passEmptyBlocks(upTo - m_rt.blockHeight());
            if (m_nextSend < m_order.size() && m_s.sends[m_order[m_nextSend]].block <= m_rt.blockHeight() + 1
                && !m_s.sends[m_order[m_nextSend]].afterStep)
                continue; // the next send is due before the block we would run
        }
        // Whole blocks, unless a message is made inside this one or the run may stop inside it.
        const bool inSteps = m_s.stopAfterStep
            || (m_nextSend < m_order.size() && m_s.sends[m_order[m_nextSend]].afterStep
                && m_s.sends[m_order[m_nextSend]].block == m_rt.blockHeight() + 1);
        if (inSteps) {
            auto r = runBlockInSteps();
            if (!r)
                return R::failure(r.error());
            ++ran;
            if (r.value()) {
                stopped = true;
                break;
            }
        } else {
            m_rt.runBlock();
            ++ran;
        }
    }
    if (!m_stopReason.empty())
        return R::failure(m_stopReason);
    if (m_nextSend < m_order.size()) {
        const auto& m = m_s.sends[m_order[m_nextSend]];
        return R::failure(m_s.path + ": " + m.where + ".block: block " + std::to_string(m.block)
            + " is after the last block run (" + std::to_string(m_rt.blockHeight()) + ")");
    }
    if (m_s.stopAfterStep && !stopped)
        return R::failure(m_s.path + ": stopAfterStep: the run ended after " + std::to_string(m_rt.stepCount())
            + " steps, before step " + std::to_string(*m_s.stopAfterStep));
    return Ok {};
}

ScenarioRunner::Outcome ScenarioRunner::check() const
{
    ScenarioRunner::Outcome out;
    out.steps = m_rt.stepCount();
    auto fail = [&](const Scenario::Expectation& x, std::string msg) {
        out.failures.push_back({ x.where, std::move(msg) });
    };
    auto codeMatches = [](const ReplyCode& c, const std::string& want) {
        if (c.toString() == want)
            return true;
        return toHex(c.bytes.data(), 4) == want;
    };
    auto payloadMatches = [&](const Scenario::Expectation& x, const Bytes& got, std::string* why) {
        if (x.payload) {
            auto want = x.payload->resolve(m_rt, m_codes);
            if (!want) {
                *why = want.error();
                return false;
            }
            if (want.value() != got) {
                *why = "payload " + show(got) + ", expected " + show(want.value());
                return false;
            }
        }
        if (x.contains && std::string(got.begin(), got.end()).find(*x.contains) == std::string::npos) {
            *why = "payload " + show(got) + " does not contain \"" + *x.contains + "\"";
            return false;
        }
        return true;
    };
    for (const auto& x : m_s.expectations) {
        auto actor = m_rt.actorByName(x.actor);
        std::optional<ActorId> from;
        if (!x.from.empty())
            from = m_rt.actorByName(x.from);
        switch (x.kind) {
        case Scenario::Expectation::Reply:
        case Scenario::Expectation::Log: {
            const bool wantReply = x.kind == Scenario::Expectation::Reply;
            std::string closest;
            bool found = false;
            for (const auto& m : m_rt.userLog()) {
                if (m.destination != *actor || bool(m.replyTo) != wantReply || (from && m.source != *from))
                    continue;
                std::string why;
                if (x.code && !codeMatches(m.replyCode, *x.code)) {
                    closest = "a reply with code " + m.replyCode.toString() + " (expected " + *x.code + ")";
                    continue;
                }
                if (x.value && m.value != *x.value) {
                    closest = "value " + u128ToString(m.value) + " (expected " + u128ToString(*x.value) + ")";
                    continue;
                }
                if (!payloadMatches(x, m.payload, &why)) {
                    closest = why;
                    continue;
                }
                found = true;
                break;
            }
            if (!found)
                fail(x,
                    std::string("no ") + (wantReply ? "reply" : "message") + " to " + x.actor
                        + (x.from.empty() ? "" : " from " + x.from) + " matched"
                        + (closest.empty() ? "" : "; closest: " + closest));
            break;
        }
        case Scenario::Expectation::Mailbox: {
            auto mb = m_rt.mailbox(*actor);
            uint32_t matching = 0;
            std::string closest;
            for (const auto& e : mb) {
                if (from && e.message.source != *from)
                    continue;
                std::string why;
                if (!payloadMatches(x, e.message.payload, &why)) {
                    closest = why;
                    continue;
                }
                if (x.value && e.message.value != *x.value)
                    continue;
                ++matching;
            }
            if (x.count ? matching != *x.count : matching == 0)
                fail(x,
                    x.actor + "'s mailbox has " + std::to_string(matching) + " matching message(s)"
                        + (x.count ? ", expected " + std::to_string(*x.count) : "")
                        + (closest.empty() ? "" : "; closest: " + closest));
            break;
        }
        case Scenario::Expectation::State: {
            Bytes q;
            if (x.query) {
                auto r = x.query->resolve(m_rt, m_codes);
                if (!r) {
                    fail(x, r.error());
                    break;
                }
                q = r.value();
            }
            auto st = const_cast<Runtime&>(m_rt).readState(*actor, q);
            if (!st) {
                fail(x, st.error());
                break;
            }
            std::string why;
            if (!payloadMatches(x, st.value(), &why))
                fail(x, "state of " + x.actor + ": " + why);
            break;
        }
        case Scenario::Expectation::Balance: {
            u128 b = m_rt.balanceOf(*actor);
            if (b != *x.value)
                fail(x, "balance of " + x.actor + " is " + u128ToString(b) + ", expected " + u128ToString(*x.value));
            break;
        }
        case Scenario::Expectation::ProgramState: {
            auto p = m_rt.program(*actor);
            if (!p) {
                fail(x, x.actor + " is not a program");
                break;
            }
            if (x.state != toString(p->state))
                fail(x, x.actor + " is " + toString(p->state) + ", expected " + x.state);
            break;
        }
        case Scenario::Expectation::NoErrors:
            if (!m_errors.empty())
                fail(x, std::to_string(m_errors.size()) + " failed dispatch(es), first: " + m_errors.front());
            break;
        }
    }
    return out;
}

} // namespace Gearscope
