// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

// Driving the real `gearscope` executable from the command-line tests (GEARSCOPE_EXE is set by
// tests/CMakeLists.txt for the tests that link this).

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Gearscope::Test {

/// What a finished run of the executable left: `finished` is false when it did not start, did
/// not end within a minute (then it is killed) or crashed.
struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    /// For failure messages: exit code, stderr and the start of stdout.
    QString describe() const
    {
        return QStringLiteral("exit %1\nstderr: %2\nstdout: %3")
            .arg(exitCode)
            .arg(QString::fromUtf8(err), QString::fromUtf8(out.left(2000)));
    }
    /// The last stdout line as a JSON object (the result line of verify, diff, replay).
    QJsonObject last() const
    {
        const QList<QByteArray> lines = out.trimmed().split('\n');
        return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
    }
};

/// Waits for a started process: generous, the slowest run here takes a few hundred
/// milliseconds, but CI machines vary.
inline Run finish(QProcess& p)
{
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.finished = p.exitStatus() == QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline Run gearscope(const QStringList& args, const QString& workingDirectory = {},
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    if (!workingDirectory.isEmpty())
        p.setWorkingDirectory(workingDirectory);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GEARSCOPE_EXE), args);
    if (!p.waitForStarted(10000))
        return {};
    return finish(p);
}

} // namespace Gearscope::Test
