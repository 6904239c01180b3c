#include "usb/usb_selector.hpp"

#include <fmt/format.h>
#include <charconv>

namespace stridecue::usb {

namespace {

std::optional<std::uint16_t> parse_hex16(std::string_view text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  std::uint16_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool valid_port_path(std::string_view path) {
  // bus number, '-', then port numbers joined by '.': "1-1", "3-2.4.1".
  const auto dash = path.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == path.size()) return false;
  bool digit_before = false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c >= '0' && c <= '9') {
      digit_before = true;
    } else if ((c == '.' && i > dash) || i == dash) {
      if (!digit_before) return false;
      digit_before = false;
    } else {
      return false;
    }
  }
  return digit_before;
}

}  // namespace

std::string UsbSelector::to_string() const {
  std::string text = fmt::format("{:04x}:{:04x}", vendor_id, product_id);
  if (!serial.empty()) text += ",serial=" + serial;
  if (!port_path.empty()) text += ",port=" + port_path;
  return text;
}

SelectorParse parse_usb_selector(std::string_view text) {
  const auto fail = [&](std::string why) {
    return SelectorParse{std::nullopt, fmt::format("usb selector \"{}\": {}", text, why)};
  };
  UsbSelector selector;
  const auto comma = text.find(',');
  const std::string_view ids = text.substr(0, comma);
  const auto colon = ids.find(':');
  if (colon == std::string_view::npos) return fail("expected VID:PID in hex, as 1209:5ce0");
  const auto vid = parse_hex16(ids.substr(0, colon));
  const auto pid = parse_hex16(ids.substr(colon + 1));
  if (!vid)
    return fail(fmt::format("vendor ID \"{}\" is not 1-4 hex digits", ids.substr(0, colon)));
  if (!pid)
    return fail(fmt::format("product ID \"{}\" is not 1-4 hex digits", ids.substr(colon + 1)));
  selector.vendor_id = *vid;
  selector.product_id = *pid;

  std::string_view rest =
      comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  while (!rest.empty()) {
    const auto next = rest.find(',');
    const std::string_view part = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    const auto eq = part.find('=');
    const std::string_view key = part.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
    if (value.empty()) return fail(fmt::format("\"{}\" needs a value (serial=… or port=…)", part));
    if (key == "serial") {
      selector.serial = std::string(value);
    } else if (key == "port") {
      if (!valid_port_path(value)) {
        return fail(fmt::format("port \"{}\" is not a bus-port path such as 1-1.2", value));
      }
      selector.port_path = std::string(value);
    } else {
      return fail(fmt::format("unknown key \"{}\" (expected serial or port)", key));
    }
  }
  return SelectorParse{selector, {}};
}

}  // namespace stridecue::usb
