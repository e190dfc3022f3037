#pragma once
// IANA time zones (Howard Hinnant's date/tz over the system tzdata: GCC 12's
// <chrono> has no zones) and the one rule for local times that do not exist
// or exist twice. Pure apart from reading tzdata once.
#include <date/tz.h>

#include <chrono>
#include <string>

#include "core/status.h"

namespace arm {

using SysSeconds = date::sys_seconds;
using LocalSeconds = date::local_seconds;

// The zone named `name` ("Europe/Berlin"). InvalidArgument for an unknown
// name, with the closest known names: "unknown time zone \"Europe/Berln\"
// (did you mean Europe/Berlin?)".
Result<const date::time_zone*> FindZone(const std::string& name);

// The instant a local wall-clock time denotes in `zone`:
// - a time that does not exist (skipped when the clocks go forward, 02:30 on
//   the last Sunday of March in Berlin) is the instant of the jump, i.e. the
//   first moment after the gap (03:00 local, 01:00 UTC);
// - a time that exists twice (the clocks go back, 02:30 on the last Sunday of
//   October in Berlin) is its first occurrence (02:30 summer time, 00:30 UTC).
// So a period boundary always happens exactly once, and never early.
SysSeconds ToInstant(const date::time_zone* zone, LocalSeconds local);

LocalSeconds ToLocal(const date::time_zone* zone, SysSeconds instant);
// "2026-03-30 08:00 CEST" / "2026-03-30T06:00:00Z".
std::string FormatLocal(const date::time_zone* zone, SysSeconds instant);
std::string FormatUtc(SysSeconds instant);
// ISO 8601 with the zone's offset: "2026-03-30T08:00:00+02:00".
std::string FormatOffset(const date::time_zone* zone, SysSeconds instant);

// Parses an instant written with its offset: "2026-03-30T08:00:00+02:00",
// "2026-03-30T06:00Z", "2026-03-30 06:00:00Z" (seconds optional, +0200 and
// +02 accepted). InvalidArgument otherwise.
Result<SysSeconds> ParseInstant(const std::string& text);

// For --running-until/--parked-until: an instant with its offset, or a local
// time in `zone`: "2026-03-30T22:00" or "22:00" (today, in the zone, as of
// `now`). InvalidArgument otherwise.
Result<SysSeconds> ParseInstantOrLocal(const std::string& text, const date::time_zone* zone,
                                       SysSeconds now);

}  // namespace arm
