// systemd's readiness and watchdog protocol, without libsystemd: one datagram to the socket
// named by $NOTIFY_SOCKET. Outside systemd (no such variable) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace stridecue {

// Sends `state` ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=..."); false when not under
// systemd or the send failed.
bool sd_notify(std::string_view state);
// How often systemd wants WATCHDOG=1 ($WATCHDOG_USEC), if it wants it at all.
std::optional<std::chrono::microseconds> sd_watchdog_interval();

}  // namespace stridecue
