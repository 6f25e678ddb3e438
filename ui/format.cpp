// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "format.h"

#include "report/jsonreport.h"

#include <iterator>

namespace Gearscope::Format {

namespace {
QString grouped(const std::string& digits)
{
    QString out;
    const int n = int(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0)
            out += QChar(0x2009); // thin space: readable, and never taken for a decimal mark
        out += QLatin1Char(digits[size_t(i)]);
    }
    return out;
}
} // namespace

QString payload(const Bytes& bytes, int maxChars)
{
    if (bytes.empty())
        return QStringLiteral("(empty)");
    if (JsonReport::isPrintable(bytes)) {
        QString text = QString::fromUtf8(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
        text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        if (text.size() > maxChars)
            text = text.left(maxChars - 1) + QChar(0x2026);
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    QString h = QStringLiteral("0x") + hex(bytes);
    if (h.size() > maxChars)
        h = h.left(maxChars - 1) + QChar(0x2026);
    return h;
}

QString amount(u128 value) { return grouped(u128ToString(value)); }

QString gas(Gas g) { return grouped(std::to_string(g)); }

QString compact(u128 value)
{
    if (value < 10000)
        return QString::fromStdString(u128ToString(value));
    static const char* const Suffixes[] = { "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q" };
    long double x = static_cast<long double>(value);
    int i = -1;
    while (x >= 999.5L && i + 1 < int(std::size(Suffixes))) {
        x /= 1000.0L;
        ++i;
    }
    const int decimals = x >= 99.95L ? 0 : x >= 9.995L ? 1 : 2;
    return QString::number(double(x), 'f', decimals) + QLatin1Char(' ') + QLatin1String(Suffixes[i]);
}

QString sortKey(u128 value)
{
    const QString digits = QString::fromStdString(u128ToString(value));
    return QString(39 - digits.size(), QLatin1Char('0')) + digits;
}

QString hex(const Bytes& bytes) { return QString::fromStdString(toHex(bytes)); }

QString dispatchKind(DispatchKind kind) { return QString::fromLatin1(toString(kind)); }

bool parsePayload(const QString& text, bool isHex, Bytes* out, QString* error)
{
    out->clear();
    if (!isHex) {
        const QByteArray utf8 = text.toUtf8();
        out->assign(utf8.begin(), utf8.end());
        return true;
    }
    QString digits = text;
    digits.remove(QLatin1Char(' '));
    if (digits.startsWith(QStringLiteral("0x"), Qt::CaseInsensitive))
        digits = digits.mid(2);
    if (!fromHex(digits.toStdString(), out)) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a string of hex digit pairs").arg(text);
        return false;
    }
    return true;
}

bool parseAmount(const QString& text, u128* out)
{
    const QString t = text.trimmed().remove(QLatin1Char(' ')).remove(QChar(0x2009));
    if (t.isEmpty()) {
        *out = 0;
        return true;
    }
    return u128FromString(t.toStdString(), out);
}

} // namespace Gearscope::Format
