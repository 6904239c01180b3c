#include "usb/usb_driver.hpp"

#include <array>
#include <stdexcept>

#include "usb/usb_device_source.hpp"
#include "usb/usb_ids.hpp"
#include "usb/usb_selector.hpp"

namespace stridecue::usb {
namespace {

constexpr DeviceSetting kDevice{
    "source.usb.device",
    DeviceSetting::Type::text,
    "1209:5ce0",
    0,
    0,
    0,
    "",
    "which device, as `stridecue devices` lists it: \"1209:5ce0\", \"1209:5ce0,serial=0042\" or "
    "\"1209:5ce0,port=1-1.2\""};
constexpr DeviceSetting kTransfers{
    "source.usb.transfers",       DeviceSetting::Type::integer, "", 4, 1, 32, "",
    "bulk IN transfers in flight"};
constexpr std::array kSettings{kDevice, kTransfers};

constexpr std::array kIds{DeviceUsbId{kSupportedUsbDevices[0].vendor_id,
                                      kSupportedUsbDevices[0].product_id,
                                      kSupportedUsbDevices[0].name, false}};
static_assert(kSupportedUsbDevices[0].driver == UsbDriver::libusb_bulk);

std::optional<DeviceSettingProblem> problem(const DeviceSettingValues& s) {
  const std::string device = s.text(kDevice);
  if (device.empty()) {
    return DeviceSettingProblem{kDevice.key,
                                "source.usb.device must name a device when source.kind = \"usb\""};
  }
  const SelectorParse parsed = parse_usb_selector(device);
  if (!parsed.selector) {
    return DeviceSettingProblem{kDevice.key,
                                "source.usb.device = \"" + device + "\": " + parsed.error};
  }
  return std::nullopt;
}

std::unique_ptr<SampleSource> open(const DeviceOpenContext& context) {
  if (const auto wrong = problem(context.settings)) throw std::invalid_argument(wrong->message);
  UsbSourceOptions o;
  o.selector = *parse_usb_selector(context.settings.text(kDevice)).selector;
  o.transfers_in_flight = static_cast<std::size_t>(context.settings.integer(kTransfers));
  return std::make_unique<UsbDeviceSource>(o);
}

}  // namespace

const DeviceDriver& usb_device_driver() {
  static const DeviceDriver driver{
      "usb",     "a stridecue protocol device on USB (libusb, bulk IN)",
      kSettings, kIds,
      false,     problem,
      open};
  return driver;
}

}  // namespace stridecue::usb
