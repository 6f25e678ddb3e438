// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QObject>

#include <optional>

namespace Gearscope {

/** The message selected in the window, shared by every panel that shows messages (timeline,
 *  sequence chart, message inspector, search results, queue): whoever changes it calls
 *  selectMessage(), everyone follows messageSelected(). Emits once per change, never for the
 *  same message again. GUI thread only. The ActorSelection's counterpart for messages. */
class MessageSelection : public QObject
{
    Q_OBJECT
public:
    explicit MessageSelection(QObject* parent = nullptr);

    std::optional<MessageId> selectedMessage() const { return m_message; }

public Q_SLOTS:
    void selectMessage(const Gearscope::MessageId& message);
    void clear();

Q_SIGNALS:
    void messageSelected(const Gearscope::MessageId& message);
    void selectionCleared();

private:
    std::optional<MessageId> m_message;
};

} // namespace Gearscope

Q_DECLARE_METATYPE(Gearscope::MessageId)
