// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

namespace Gearscope::TraceSchema {

/// Trace schema version 2 (PRAGMA user_version). docs/trace-format.md documents every column.
/// Version 2 (from 1): messages.id is no longer the primary key (its index is built when the
/// recording finishes), steps.message_row points at the dispatched message's row, pages.kind 2.
/// "pos" is a position in the run: pos k = after k steps and after every user input made
/// before step k ran (so pos 0 shows the uploaded programs and queued messages).
inline constexpr const char* Create = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE codes(code_id BLOB PRIMARY KEY, source_name TEXT, bytes BLOB NOT NULL);
CREATE TABLE actors(id BLOB PRIMARY KEY, kind TEXT NOT NULL CHECK(kind IN ('user','program')),
                    name TEXT, code_id BLOB, created_pos INTEGER NOT NULL);
CREATE TABLE messages(id BLOB NOT NULL, kind TEXT NOT NULL, source BLOB NOT NULL, destination BLOB NOT NULL,
                      payload BLOB NOT NULL, value TEXT NOT NULL, gas_limit INTEGER NOT NULL,
                      reply_to BLOB, reply_code BLOB, reply_text TEXT, signal_code INTEGER, signal_from BLOB,
                      created_pos INTEGER NOT NULL, created_step INTEGER);
CREATE TABLE inputs(seq INTEGER PRIMARY KEY, before_step INTEGER NOT NULL, kind TEXT NOT NULL,
                    user BLOB, target BLOB, code_id BLOB, name TEXT, salt BLOB, payload BLOB,
                    value TEXT, gas_limit INTEGER, message_id BLOB, replied_to BLOB, world_ops BLOB NOT NULL);
CREATE TABLE steps(step INTEGER PRIMARY KEY, block INTEGER NOT NULL, type TEXT NOT NULL, task TEXT, kind TEXT,
                   message_id BLOB, message_row INTEGER, actor BLOB, outcome TEXT NOT NULL, error_code BLOB, error_text TEXT,
                   trap TEXT, panic BLOB, gas_limit INTEGER NOT NULL, gas_burned INTEGER NOT NULL,
                   syscall_count INTEGER NOT NULL, syscalls TEXT, changed_pages TEXT, debug TEXT,
                   world_ops BLOB NOT NULL);
CREATE TABLE pages(program BLOB NOT NULL, page INTEGER NOT NULL, pos INTEGER NOT NULL, kind INTEGER NOT NULL,
                   data BLOB NOT NULL, PRIMARY KEY(program, page, pos)) WITHOUT ROWID;
CREATE TABLE checkpoints(pos INTEGER PRIMARY KEY, world BLOB NOT NULL);
CREATE INDEX inputs_by_step ON inputs(before_step);
CREATE INDEX messages_by_created_step ON messages(created_step) WHERE created_step IS NOT NULL;
CREATE VIEW step_view AS
  SELECT s.step, s.block, s.type, coalesce(s.kind, s.task) AS what, coalesce(a.name, hex(s.actor)) AS actor,
         s.outcome, s.error_text, s.gas_burned, hex(s.message_id) AS message
  FROM steps s LEFT JOIN actors a ON a.id = s.actor;
)SQL";

/// Indexes built when the recording finishes. Kept up to date on every insert they were most of
/// the writer's work (message ids are random: each insert touched another page of the id index,
/// and every commit rewrote them all); one sort at the end costs a fraction of that. Reading
/// steps never needs them (steps.message_row, messages_by_created_step). A recording that was
/// killed lacks them: its queries still work, by scanning, and message(id) scans too.
/// steps_by_actor is on `actor` alone: `step` is the rowid, which every index entry ends with
/// anyway, so it is ordered by (actor, step) without storing the step twice (~15% cheaper to build).
inline constexpr const char* QueryIndexes = R"SQL(
CREATE INDEX IF NOT EXISTS messages_by_id ON messages(id);
CREATE INDEX IF NOT EXISTS steps_by_block ON steps(block);
CREATE INDEX IF NOT EXISTS steps_by_actor ON steps(actor);
CREATE INDEX IF NOT EXISTS messages_by_source ON messages(source);
CREATE INDEX IF NOT EXISTS messages_by_destination ON messages(destination);
)SQL";

} // namespace Gearscope::TraceSchema
