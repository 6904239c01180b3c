#include "serial/serial_driver.hpp"

#include <array>
#include <stdexcept>

#include "protocol/control_messages.hpp"
#include "serial/serial_device_source.hpp"

namespace stridecue::serial {
namespace {

constexpr DeviceSetting kPort{"source.serial.port",
                              DeviceSetting::Type::text,
                              "/dev/ttyACM0",
                              0,
                              0,
                              0,
                              "",
                              "the device's tty (CDC-ACM or FTDI)"};
constexpr DeviceSetting kBaud{
    "source.serial.baud",
    DeviceSetting::Type::integer,
    "",
    921600,
    1200,
    12000000,
    "baud",
    "the line rate (CDC-ACM ignores it; an FTDI bridge needs the device's)"};
constexpr std::array kSettings{kPort, kBaud};

// The kernel's cdc_acm driver makes it a tty; the udev rules give it a stable name.
constexpr std::array kIds{DeviceUsbId{protocol::kUsbVendorId, protocol::kUsbProductIdSerial,
                                      "stridecue device (CDC-ACM serial)", true}};

std::optional<DeviceSettingProblem> problem(const DeviceSettingValues& s) {
  if (s.text(kPort).empty()) {
    return DeviceSettingProblem{kPort.key,
                                "source.serial.port must name a tty when source.kind = \"serial\""};
  }
  return std::nullopt;
}

std::unique_ptr<SampleSource> open(const DeviceOpenContext& context) {
  if (const auto wrong = problem(context.settings)) throw std::invalid_argument(wrong->message);
  SerialSourceOptions o;
  o.path = context.settings.text(kPort);
  o.baud = static_cast<unsigned>(context.settings.integer(kBaud));
  return std::make_unique<SerialDeviceSource>(o);
}

}  // namespace

const DeviceDriver& serial_device_driver() {
  static const DeviceDriver driver{
      "serial",  "a stridecue protocol device on a serial port (CDC-ACM, FTDI)",
      kSettings, kIds,
      false,     problem,
      open};
  return driver;
}

}  // namespace stridecue::serial
