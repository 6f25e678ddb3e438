// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The debugger window: the only part of the executable that creates a QApplication. The
// subcommands in main.cpp stay headless (QCoreApplication) and never reach this file.
#include "gui.h"

#include "mainwindow.h"
#include "replay/replaycontroller.h"
#include "session/session.h"
#include "session/sessionengine.h"

#include <QApplication>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Gearscope;

namespace {

struct GuiOptions
{
    QString file;
    QString screenshot; ///< hidden option: open, step, save a picture of the window, quit
    int steps = 0;
    QSize size { 1600, 1000 };
};

bool parse(const QStringList& args, GuiOptions* o, QString* error)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&](QString* out) {
            if (i + 1 >= args.size()) {
                *error = a + QStringLiteral(" needs a value");
                return false;
            }
            *out = args[++i];
            return true;
        };
        QString v;
        if (a == u"--screenshot") {
            if (!value(&o->screenshot))
                return false;
        } else if (a == u"--steps") {
            bool ok = false;
            if (!value(&v) || (o->steps = v.toInt(&ok), !ok) || o->steps < 0) {
                *error = QStringLiteral("--steps needs a non-negative number");
                return false;
            }
        } else if (a == u"--size") {
            const QStringList wh = value(&v) ? v.split(QLatin1Char('x')) : QStringList();
            if (wh.size() != 2 || wh[0].toInt() < 200 || wh[1].toInt() < 200) {
                *error = QStringLiteral("--size needs WIDTHxHEIGHT, e.g. 1600x1000");
                return false;
            }
            o->size = QSize(wh[0].toInt(), wh[1].toInt());
        } else if (a.startsWith(QLatin1Char('-'))) {
            *error = QStringLiteral("unknown option ") + a;
            return false;
        } else if (o->file.isEmpty()) {
            o->file = a;
        } else {
            *error = QStringLiteral("one file at a time");
            return false;
        }
    }
    return true;
}

void saveScreenshotSoon(MainWindow* window, const GuiOptions& o)
{
    // Give the layout, the tables and the graph a moment to paint what they got.
    QTimer::singleShot(700, window, [window, o] {
        const bool saved = window->grab().save(o.screenshot);
        std::fprintf(
            saved ? stdout : stderr, "%s %s\n", saved ? "wrote" : "gearscope: cannot write", qPrintable(o.screenshot));
        QCoreApplication::exit(saved ? 0 : 2);
    });
}

/// A trace opens in replay mode: go to position `steps` (the end when 0), then save.
void takeReplayScreenshot(MainWindow* window, const GuiOptions& o)
{
    ReplayController* replay = window->replay();
    auto target = std::make_shared<uint64_t>(0);
    auto saving = std::make_shared<bool>(false);
    QObject::connect(
        replay, &ReplayController::replayOpened, window, [replay, target, o](const QString&, uint64_t steps) {
            *target = o.steps > 0 ? std::min<uint64_t>(uint64_t(o.steps), steps) : steps;
            replay->seek(*target);
        });
    QObject::connect(replay, &ReplayController::positionChanged, window, [window, target, saving, o](uint64_t pos) {
        if (pos != *target || *saving)
            return;
        *saving = true;
        saveScreenshotSoon(window, o);
    });
    QObject::connect(replay, &ReplayController::failed, window, [](const QString& message) {
        std::fprintf(stderr, "gearscope: %s\n", qPrintable(message));
        QCoreApplication::exit(2);
    });
    window->openFile(o.file);
}

/// Opens the file, makes `steps` dispatches, lets the window settle, saves it and quits.
void takeScreenshot(MainWindow* window, const GuiOptions& o)
{
    QTimer::singleShot(60000, window, [] {
        std::fprintf(stderr, "gearscope: --screenshot timed out\n");
        QCoreApplication::exit(2);
    });
    if (SessionEngine::isTraceFile(o.file)) {
        takeReplayScreenshot(window, o);
        return;
    }
    Session* session = window->session();
    auto stage = std::make_shared<int>(0);
    auto waitFor = std::make_shared<quint64>(session->openFile(o.file));
    QObject::connect(window, &MainWindow::snapshotShown, window,
        [window, session, stage, waitFor, o](const SessionSnapshotPtr& snap) {
            if (snap->commandsDone < *waitFor || snap->running)
                return;
            if (*stage == 0) {
                *stage = 1;
                for (int i = 0; i < o.steps; ++i)
                    *waitFor = session->stepDispatch();
                if (o.steps > 0)
                    return;
            }
            if (*stage == 1) {
                *stage = 2;
                saveScreenshotSoon(window, o);
            }
        });
}

} // namespace

int runGui(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Gearscope"));
    QCoreApplication::setApplicationName(QStringLiteral("gearscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    GuiOptions o;
    QString error;
    if (!parse(args, &o, &error)) {
        std::fprintf(stderr, "gearscope: %s (see gearscope help)\n", qPrintable(error));
        return 2;
    }
    if (o.file.isEmpty())
        o.file = MainWindow::defaultSamplePath();

    MainWindow window;
    if (!o.screenshot.isEmpty()) {
        window.resize(o.size);
        window.show();
        takeScreenshot(&window, o);
    } else {
        window.show();
        window.openFile(o.file);
    }
    return app.exec();
}

bool guiAvailable()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
        || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
#else
    return true;
#endif
}
