// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

// Included only by the .cpp files that already include qcustomplot.h (it costs seconds to parse
// per translation unit), hence inline rather than a translation unit of its own.
#include <QCoreApplication>
#include <QFileInfo>
#include <qcustomplot.h>

namespace Gearscope::PlotExport {

/// Writes `plot` as PNG or PDF (chosen by the file suffix) at width × height; false with `error`
/// saying why for another suffix or a write failure.
inline bool save(QCustomPlot* plot, const QString& path, int width, int height, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == QLatin1String("png"))
        ok = plot->savePng(path, width, height);
    else if (suffix == QLatin1String("pdf"))
        ok = plot->savePdf(path, width, height);
    else {
        if (error)
            *error = QCoreApplication::translate("PlotExport", "%1: choose a .png or .pdf file name").arg(path);
        return false;
    }
    if (!ok && error)
        *error = QCoreApplication::translate("PlotExport", "%1: could not write the file").arg(path);
    return ok;
}

} // namespace Gearscope::PlotExport
