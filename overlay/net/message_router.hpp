// Gives each network message to the view it concerns, at the UI's time `now_s`, and asks for
// what follows from it: a fresh copy of the settings and their schema after every hello (the
// daemon may have restarted with another config while the overlay waited).
#pragma once

#include "net/net_message.hpp"
#include "net/overlay_client.hpp"
#include "view/overlay_view.hpp"

namespace stridecue::overlay {

void route(const NetMessage& message, OverlayView& view, DaemonCommands& commands, double now_s);

}  // namespace stridecue::overlay
