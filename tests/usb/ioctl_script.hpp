// Writes umockdev ioctl scripts (../shared/RECIPES.md, "libusb code under umockdev") for the
// protocol's USB exchange: one USBDEVFS_REAPURBNDELAY record per URB, in the order the host
// submits them. Replay matches records in order; OUT data must match byte for byte.
//
// Two quirks of umockdev 0.17's replay shape the records: it copies data back only for URBs on
// an IN endpoint (so IN control requests are filed under 0x80, as the kernel files them), and
// it copies from the start of the URB buffer, setup packet included (so a control IN record
// holds setup + reply and reports both in actual_length).
#pragma once

#include <cstdint>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol/control_messages.hpp"
#include "protocol/protocol_device.hpp"
#include "usb/umockdev_testbed.hpp"

namespace stridecue::test {

class IoctlScript {
 public:
  explicit IoctlScript(std::size_t bulk_transfer_bytes) : bulk_bytes_(bulk_transfer_bytes) {}

  void control_in(const protocol::Command& command, std::span<const std::uint8_t> reply) {
    const auto setup = setup_bytes(protocol::to_setup(command));
    const auto total = setup.size() + reply.size();
    records_ += "USBDEVFS_REAPURBNDELAY 0 2 128 0 0 " + std::to_string(total) + " " +
                std::to_string(total) + " 0 " + hex(setup) + hex(reply) + "\n";
  }
  void control_out(const protocol::Command& command) {
    const auto setup = setup_bytes(protocol::to_setup(command));
    records_ += "USBDEVFS_REAPURBNDELAY 0 2 0 0 0 8 0 0 " + hex(setup) + "\n";
  }
  // The whole describe + set rate + start exchange of UsbDeviceSource.
  void exchange(const protocol::DeviceDescription& d, std::uint16_t rate_hz) {
    control_in({protocol::Request::identify}, protocol::encode_identity(d.identity));
    for (std::uint8_t s = 0; s < d.streams.size(); ++s) {
      protocol::Command get_stream{protocol::Request::get_stream, s};
      control_in(get_stream, protocol::encode_stream(d.streams[s]));
      for (std::uint16_t c = 0; c < d.channels[s].size(); ++c) {
        protocol::Command get_channel{protocol::Request::get_channel, s, c};
        control_in(get_channel, protocol::encode_channel(d.channels[s][c]));
      }
    }
    for (std::uint8_t s = 0; s < d.streams.size(); ++s) {
      protocol::Command set_rate{protocol::Request::set_rate, s, 0, rate_hz};
      control_out(set_rate);
    }
    control_out({protocol::Request::start});
  }
  // One bulk IN transfer completing with `data`.
  void bulk_in(std::span<const std::uint8_t> data) {
    if (data.size() > bulk_bytes_)
      throw std::invalid_argument("bulk record larger than a transfer");
    records_ += "USBDEVFS_REAPURBNDELAY 0 3 129 0 0 " + std::to_string(bulk_bytes_) + " " +
                std::to_string(data.size()) + " 0 " + hex(data) + "\n";
  }
  // One bulk IN transfer failing: -32 stall (EPIPE), -19 device gone (ENODEV).
  void bulk_status(int status) {
    records_ += "USBDEVFS_REAPURBNDELAY 0 3 129 " + std::to_string(status) + " 0 " +
                std::to_string(bulk_bytes_) + " 0 0 \n";
  }

  std::string text(const std::string& devnode) const { return "@DEV " + devnode + "\n" + records_; }
  void write(const std::string& path, const std::string& devnode) const {
    std::ofstream(path) << text(devnode);
  }

 private:
  static std::vector<std::uint8_t> setup_bytes(const protocol::ControlSetup& s) {
    return {s.request_type,
            s.request,
            static_cast<std::uint8_t>(s.value & 0xff),
            static_cast<std::uint8_t>(s.value >> 8),
            static_cast<std::uint8_t>(s.index & 0xff),
            static_cast<std::uint8_t>(s.index >> 8),
            static_cast<std::uint8_t>(s.length & 0xff),
            static_cast<std::uint8_t>(s.length >> 8)};
  }
  static std::string hex(std::span<const std::uint8_t> bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const auto b : bytes) {
      out += digits[b >> 4];
      out += digits[b & 0xf];
    }
    return out;
  }

  std::size_t bulk_bytes_;
  std::string records_;
};

// Plugs `device` in with `script` as its traffic (written to the testbed's file `name`).
inline void plug(UmockdevTestbed& testbed, const FakeUsbDevice& device, const IoctlScript& script,
                 const std::string& name) {
  testbed.add_device(device.description());
  const auto path = testbed.file(name);
  script.write(path, device.devnode());
  testbed.load_ioctl(device.devnode(), path);
}

}  // namespace stridecue::test
