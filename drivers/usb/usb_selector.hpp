// Which attached USB device a source should open: vid:pid, optionally narrowed to one serial
// number and/or one bus-port path, so two identical plates on one host can be told apart.
// Written as "1209:5ce0", "1209:5ce0,serial=0042" or "1209:5ce0,port=1-1.2".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue::usb {

struct UsbSelector {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string serial;     // empty: any
  std::string port_path;  // "1-1.2" (bus 1, port 1, then port 2 of its hub); empty: any

  // "1209:5ce0,serial=0042,port=1-1.2", the form parse_usb_selector reads.
  std::string to_string() const;
  bool matches_ids(std::uint16_t vid, std::uint16_t pid) const {
    return vid == vendor_id && pid == product_id;
  }
};

struct SelectorParse {
  std::optional<UsbSelector> selector;
  std::string error;  // names the part that was wrong
};
SelectorParse parse_usb_selector(std::string_view text);

}  // namespace stridecue::usb
