// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "messageselection.h"

namespace Gearscope {

MessageSelection::MessageSelection(QObject* parent)
    : QObject(parent)
{
}

void MessageSelection::selectMessage(const MessageId& message)
{
    if (m_message && *m_message == message)
        return;
    m_message = message;
    Q_EMIT messageSelected(message);
}

void MessageSelection::clear()
{
    if (!m_message)
        return;
    m_message.reset();
    Q_EMIT selectionCleared();
}

} // namespace Gearscope
