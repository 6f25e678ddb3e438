// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "jsonreport.h"

#include "code/syscalltable.h"

#include <QJsonArray>
#include <QString>

namespace Gearscope::JsonReport {

namespace {
QString str(const std::string& s) { return QString::fromStdString(s); }
QString hex(const Bytes& b) { return QString::fromLatin1(toHex(b).c_str()); }
template <typename Tag> QString idHex(const Id<Tag>& id) { return QString::fromLatin1(id.hex().c_str()); }
QString dec(u128 v) { return QString::fromLatin1(u128ToString(v).c_str()); }
qint64 gas(uint64_t v) { return qint64(v); } // gas ≤ 2^53 (block limit 7.5e11): exact in JSON

QString actor(const ActorId& id, const Runtime* names) { return names ? str(names->actorName(id)) : idHex(id); }
} // namespace

bool isPrintable(const Bytes& bytes)
{
    const QByteArray a(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
    const QString s = QString::fromUtf8(a);
    if (s.toUtf8() != a)
        return false; // invalid UTF-8 does not survive the round trip
    for (QChar c : s)
        if (c.category() == QChar::Other_Control && c != u'\n' && c != u'\t' && c != u'\r')
            return false;
    return true;
}

QJsonObject payload(const Bytes& bytes)
{
    QJsonObject o;
    o[u"hex"] = hex(bytes);
    if (!bytes.empty() && isPrintable(bytes))
        o[u"text"] = QString::fromUtf8(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
    return o;
}

QJsonObject message(const Message& m, const Runtime* names)
{
    QJsonObject o;
    o[u"id"] = idHex(m.id);
    o[u"source"] = idHex(m.source);
    o[u"destination"] = idHex(m.destination);
    if (names) {
        o[u"sourceName"] = actor(m.source, names);
        o[u"destinationName"] = actor(m.destination, names);
    }
    o[u"payload"] = payload(m.payload);
    o[u"value"] = dec(m.value);
    o[u"gasLimit"] = gas(m.gasLimit);
    if (m.replyTo) {
        o[u"replyTo"] = idHex(*m.replyTo);
        o[u"replyCode"] = QString::fromLatin1(toHex(m.replyCode.bytes.data(), 4).c_str());
        o[u"replyCodeText"] = str(m.replyCode.toString());
    }
    if (m.signalFrom) {
        o[u"signalFrom"] = idHex(*m.signalFrom);
        o[u"signalCode"] = qint64(m.signalCode);
        o[u"signalCodeText"] = str(signalCodeToString(m.signalCode));
    }
    return o;
}

QJsonObject step(const StepRecord& r, const Runtime* names)
{
    QJsonObject o;
    o[u"step"] = qint64(r.index);
    o[u"block"] = qint64(r.block);
    o[u"type"] = r.kind == StepKind::Dispatch ? QStringLiteral("dispatch") : QStringLiteral("task");
    if (r.kind == StepKind::Task)
        o[u"task"] = QString::fromLatin1(toString(r.taskKind));
    else
        o[u"kind"] = QString::fromLatin1(toString(r.dispatchKind));
    o[u"actor"] = idHex(r.actor);
    if (names)
        o[u"actorName"] = actor(r.actor, names);
    o[u"message"] = message(r.message, names);
    o[u"outcome"] = QString::fromLatin1(toString(r.outcome));
    if (r.errorCode) {
        o[u"errorCode"] = QString::fromLatin1(toHex(r.errorCode->bytes.data(), 4).c_str());
        o[u"errorText"] = str(r.errorCode->toString());
    }
    if (!r.trapMessage.empty())
        o[u"trap"] = str(r.trapMessage);
    if (!r.panicPayload.empty())
        o[u"panic"] = payload(r.panicPayload);
    o[u"gasLimit"] = gas(r.gasLimit);
    o[u"gasBurned"] = gas(r.gasBurned);
    if (!r.syscalls.empty() || r.syscallCount) {
        QJsonArray calls;
        for (const auto& s : r.syscalls) {
            QJsonObject c;
            c[u"name"] = QString::fromLatin1(s.name);
            QJsonArray args;
            for (auto a : s.args)
                args.append(qint64(a));
            c[u"args"] = args;
            if (s.error)
                c[u"error"] = QString::fromLatin1(SyscallError::name(s.error));
            calls.append(c);
        }
        o[u"syscalls"] = calls;
        o[u"syscallCount"] = qint64(r.syscallCount);
    }
    QJsonArray gen;
    for (const auto& m : r.generated)
        gen.append(message(m, names));
    o[u"generated"] = gen;
    if (!r.woken.empty()) {
        QJsonArray w;
        for (const auto& m : r.woken)
            w.append(idHex(m));
        o[u"woken"] = w;
    }
    if (!r.createdPrograms.empty()) {
        QJsonArray c;
        for (const auto& a : r.createdPrograms)
            c.append(idHex(a));
        o[u"created"] = c;
    }
    QJsonArray pages;
    for (auto p : r.changedPages)
        pages.append(qint64(p));
    o[u"changedPages"] = pages;
    if (!r.debug.empty()) {
        QJsonArray dbg;
        for (const auto& d : r.debug)
            dbg.append(str(d));
        o[u"debug"] = dbg;
    }
    return o;
}

QJsonObject state(const Runtime& rt)
{
    QJsonObject o;
    o[u"block"] = qint64(rt.blockHeight());
    o[u"timestamp"] = qint64(rt.blockTimestamp());
    o[u"steps"] = qint64(rt.stepCount());
    QJsonArray programs;
    for (const auto& p : rt.programs()) {
        QJsonObject j;
        j[u"id"] = idHex(p.id);
        j[u"name"] = str(rt.actorName(p.id));
        j[u"codeId"] = idHex(p.codeId);
        j[u"state"] = QString::fromLatin1(toString(p.state));
        if (p.state == ProgramState::Exited)
            j[u"inheritor"] = idHex(p.inheritor);
        j[u"balance"] = dec(p.balance);
        j[u"memoryPages"] = qint64(p.memoryPages);
        j[u"staticPages"] = qint64(p.staticPages);
        QJsonArray allocs;
        for (auto a : p.allocations)
            allocs.append(qint64(a));
        j[u"allocations"] = allocs;
        j[u"handled"] = qint64(p.handled);
        j[u"gasBurned"] = gas(p.gasBurned);
        j[u"memoryHash"] = QString::fromLatin1(toHex(rt.memoryHash(p.id).data(), 32).c_str());
        programs.append(j);
    }
    o[u"programs"] = programs;
    QJsonArray users;
    for (const auto& u : rt.users()) {
        QJsonObject j;
        j[u"id"] = idHex(u.id);
        j[u"name"] = str(rt.actorName(u.id));
        j[u"balance"] = dec(u.balance);
        QJsonArray mb;
        for (const auto& e : rt.mailbox(u.id)) {
            QJsonObject m = message(e.message, &rt);
            m[u"since"] = qint64(e.since);
            m[u"expiresAt"] = qint64(e.expiresAt);
            mb.append(m);
        }
        j[u"mailbox"] = mb;
        users.append(j);
    }
    o[u"users"] = users;
    QJsonArray queue;
    for (const auto& q : rt.queue()) {
        QJsonObject m = message(q.message, &rt);
        m[u"kind"] = QString::fromLatin1(toString(q.kind));
        m[u"gasAvailable"] = gas(q.gasAvailable);
        m[u"woken"] = q.woken;
        queue.append(m);
    }
    o[u"queue"] = queue;
    QJsonArray wl;
    for (const auto& w : rt.waitlist()) {
        QJsonObject m = message(w.message, &rt);
        m[u"program"] = idHex(w.program);
        m[u"kind"] = QString::fromLatin1(toString(w.kind));
        m[u"since"] = qint64(w.since);
        if (w.wakeAt)
            m[u"wakeAt"] = qint64(*w.wakeAt);
        m[u"expiresAt"] = qint64(w.expiresAt);
        wl.append(m);
    }
    o[u"waitlist"] = wl;
    QJsonArray tasks;
    for (const auto& t : rt.tasks()) {
        QJsonObject j;
        j[u"block"] = qint64(t.block);
        j[u"task"] = QString::fromLatin1(toString(t.kind));
        j[u"actor"] = idHex(t.actor);
        j[u"message"] = idHex(t.message);
        tasks.append(j);
    }
    o[u"tasks"] = tasks;
    QJsonArray log;
    for (const auto& m : rt.userLog())
        log.append(message(m, &rt));
    o[u"userLog"] = log;
    return o;
}

QJsonObject codeInfo(const CodeInfo& info)
{
    QJsonObject o;
    o[u"codeId"] = idHex(info.id);
    o[u"format"] = info.fromText ? QStringLiteral("wat") : QStringLiteral("wasm");
    o[u"size"] = qint64(info.original.size());
    o[u"instrumentedSize"] = qint64(info.instrumented.size());
    o[u"staticPages"] = qint64(info.staticPages);
    if (info.maxPages)
        o[u"maxPages"] = qint64(*info.maxPages);
    if (info.stackEnd)
        o[u"stackEnd"] = qint64(*info.stackEnd);
    o[u"instructions"] = qint64(info.instructionCount);
    QJsonArray exports;
    for (const auto& e : info.exports)
        exports.append(str(e));
    o[u"exports"] = exports;
    QJsonArray imports;
    for (const auto& i : info.imports) {
        QJsonObject j;
        j[u"name"] = str(i.name);
        j[u"signature"] = str(signatureText(i.params, i.results));
        j[u"legacy"] = i.legacy;
        imports.append(j);
    }
    o[u"imports"] = imports;
    return o;
}

} // namespace Gearscope::JsonReport
