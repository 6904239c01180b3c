#include "usb/usb_device_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "protocol/control_exchange.hpp"
#include "protocol/description_change.hpp"
#include "realtime/monotonic_clock.hpp"
#include "realtime/thread_name.hpp"
#include "usb/usb_control.hpp"

namespace stridecue::usb {

namespace {

constexpr int kInterface = 0;
constexpr auto kConsumerWait = std::chrono::milliseconds(40);
constexpr auto kEventTick = std::chrono::microseconds(20'000);
constexpr auto kDrainLimit = std::chrono::seconds(1);

std::string device_label(const std::string& port, const protocol::Identity& identity) {
  return fmt::format("usb {} ({} serial {})", port, identity.model, identity.serial);
}

}  // namespace

UsbDeviceSource::UsbDeviceSource(UsbSourceOptions options)
    : options_(std::move(options)), name_("usb " + options_.selector.to_string()) {
  options_.transfers_in_flight = std::max<std::size_t>(options_.transfers_in_flight, 1);
  try {
    context_ = make_context();
  } catch (const std::exception& e) {
    failure_.fail_at_start(fmt::format("{}: {}", name_, e.what()));
    return;
  }
  std::string why;
  auto opened = open_matching(why);
  if (!opened) {
    failure_.fail_at_start(why.empty() ? fmt::format("{}: no such device attached (`stridecue "
                                                     "devices` lists what is)",
                                                     name_)
                                       : why);
    return;
  }
  name_ = device_label(opened->port, opened->description.identity);
  expected_serial_ = opened->description.identity.serial;
  try {
    core_ = std::make_unique<protocol::ProtocolDevice>(opened->description, name_,
                                                       options_.queue_blocks);
  } catch (const std::exception& e) {
    failure_.fail_at_start(fmt::format("{}: {}", name_, e.what()));
    return;
  }
  bulk_ = std::make_unique<BulkInStream>(
      protocol::kBulkInEndpoint, options_.transfers_in_flight, options_.transfer_bytes,
      bulk_counters_,
      [this](std::span<const std::uint8_t> bytes, std::int64_t receipt_ns) {
        core_->feed(bytes, receipt_ns);
      },
      [this](std::string detail) { lose(std::move(detail)); });
  if (auto error = start_streaming(*opened); !error.empty()) {
    drain_transfers();
    failure_.fail_at_start(error);
    return;
  }
  adopt(std::move(*opened));

  if (options_.use_hotplug && libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0) {
    const int rc = libusb_hotplug_register_callback(
        context_.get(),
        static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                          LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
        static_cast<libusb_hotplug_flag>(0), options_.selector.vendor_id,
        options_.selector.product_id, LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, this, &hotplug_handle_);
    hotplug_ = rc == LIBUSB_SUCCESS;
  }
  thread_ = std::thread([this] {
    name_this_thread("sc-usb");
    run();
  });
}

UsbDeviceSource::~UsbDeviceSource() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (hotplug_) libusb_hotplug_deregister_callback(context_.get(), hotplug_handle_);
}

const SourceLayout& UsbDeviceSource::layout() const {
  return core_ ? core_->layout() : empty_layout_;
}

const protocol::DeviceDescription* UsbDeviceSource::description() const {
  return core_ ? &core_->description() : nullptr;
}

SourceStatus UsbDeviceSource::next(SampleBlock& block) {
  return protocol::next_block(failure_, core_.get(), block, kConsumerWait);
}

void UsbDeviceSource::push_into(BlockSink& sink) {
  protocol::push_blocks(failure_, core_.get(), sink);
}

std::vector<SourceEvent> UsbDeviceSource::take_events() {
  return core_ ? core_->take_events() : std::vector<SourceEvent>{};
}

UsbSourceCounters UsbDeviceSource::counters() const {
  UsbSourceCounters c;
  c.transfers = bulk_counters_.transfers.load(std::memory_order_relaxed);
  c.bytes = bulk_counters_.bytes.load(std::memory_order_relaxed);
  c.stalls = bulk_counters_.stalls.load(std::memory_order_relaxed);
  c.transfer_errors = bulk_counters_.errors.load(std::memory_order_relaxed);
  if (core_) protocol::copy_core_counters(core_->counters(), c);
  return c;
}

std::vector<HealthCounter> UsbDeviceSource::health() const {
  const UsbSourceCounters c = counters();
  std::vector<HealthCounter> health{{"transfers", c.transfers},
                                    {"bytes", c.bytes},
                                    {"stalls", c.stalls},
                                    {"transfer_errors", c.transfer_errors}};
  protocol::append_core_health(c, health);
  return health;
}

std::optional<UsbDeviceSource::Opened> UsbDeviceSource::open_matching(std::string& why) {
  libusb_device** raw = nullptr;
  const auto count = libusb_get_device_list(context_.get(), &raw);
  if (count < 0) {
    why = fmt::format("{}: listing USB devices failed: {}", name_,
                      error_name(static_cast<int>(count)));
    return std::nullopt;
  }
  DeviceListPtr list(raw);
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device* device = raw[i];
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(device, &descriptor) != LIBUSB_SUCCESS) continue;
    if (!options_.selector.matches_ids(descriptor.idVendor, descriptor.idProduct)) continue;
    const auto port = port_path(device);
    if (!options_.selector.port_path.empty() && port != options_.selector.port_path) continue;
    if (auto opened = open_one(device, port, why)) return opened;
  }
  return std::nullopt;
}

std::optional<UsbDeviceSource::Opened> UsbDeviceSource::open_one(libusb_device* device,
                                                                 const std::string& port,
                                                                 std::string& why) {
  const auto where = fmt::format("usb {} ({})", port, options_.selector.to_string());
  libusb_device_handle* raw = nullptr;
  if (const int rc = libusb_open(device, &raw); rc != LIBUSB_SUCCESS) {
    why = fmt::format("{}: cannot open: {}{}", where, error_name(rc),
                      rc == LIBUSB_ERROR_ACCESS
                          ? " (install udev/70-stridecue.rules, then replug; docs/devices.md)"
                          : "");
    return std::nullopt;
  }
  Opened opened;
  opened.handle.reset(raw);
  detach_kernel_driver(raw, 0);
  if (const int rc = libusb_claim_interface(raw, kInterface); rc != LIBUSB_SUCCESS) {
    why = fmt::format("{}: cannot claim interface {}: {}", where, kInterface, error_name(rc));
    libusb_close(opened.handle.release());  // nothing claimed to release
    return std::nullopt;
  }
  UsbControl control(context_.get(), raw, where, options_.control_timeout_ms);
  const auto identity = control.identify();
  if (!identity) {
    why = control.error();
    return std::nullopt;
  }
  if (!options_.selector.serial.empty() && identity->serial != options_.selector.serial) {
    why = fmt::format("{}: serial {} is not the selected {}", where, identity->serial,
                      options_.selector.serial);
    return std::nullopt;
  }
  if (!expected_serial_.empty() && identity->serial != expected_serial_) {
    why = fmt::format("{}: serial {} is another device than {}", where, identity->serial,
                      expected_serial_);
    return std::nullopt;
  }
  auto description = control.describe(*identity);
  if (!description) {
    why = control.error();
    return std::nullopt;
  }
  opened.device.reset(libusb_ref_device(device));
  opened.port = port;
  opened.description = std::move(*description);
  return opened;
}

std::string UsbDeviceSource::start_streaming(Opened& opened) {
  const auto where = device_label(opened.port, opened.description.identity);
  UsbControl control(context_.get(), opened.handle.get(), where, options_.control_timeout_ms);
  if (!protocol::start_streams(opened.description, options_.rates_hz,
                               [&](const protocol::Command& c) { return control.command(c); })) {
    return control.error();
  }
  if (auto error = bulk_->start(opened.handle.get()); !error.empty()) {
    return fmt::format("{}: {}", where, error);
  }
  core_->connected(monotonic_ns());
  return {};
}

void UsbDeviceSource::adopt(Opened opened) {
  handle_ = std::move(opened.handle);
  device_ = std::move(opened.device);
  state_ = State::connected;
}

void UsbDeviceSource::run() {
  while (!stop_.load(std::memory_order_relaxed)) {
    timeval tick{0, static_cast<long>(kEventTick.count())};
    libusb_handle_events_timeout_completed(context_.get(), &tick, nullptr);
    core_->tick();
    if (state_ == State::draining && bulk_->idle()) close_device();
    if (state_ == State::closed && !failure_.failed()) try_reconnect();
  }
  shut_down();
}

void UsbDeviceSource::lose(std::string detail) {
  if (state_ != State::connected) return;
  core_->lost(monotonic_ns(), std::move(detail));
  bulk_->cancel();
  state_ = State::draining;
}

void UsbDeviceSource::close_device() {
  handle_.reset();
  device_.reset();
  state_ = State::closed;
  arrival_seen_ = false;
  retry_wait_ = options_.retry_first;
  next_try_ = std::chrono::steady_clock::now() + retry_wait_;
}

void UsbDeviceSource::try_reconnect() {
  // With hotplug, a device that has not arrived again is not worth opening; after an ARRIVED
  // the same back-off covers the moments before udev has set the node's permissions.
  if (hotplug_ && !arrival_seen_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_try_) return;
  std::string why;
  auto opened = open_matching(why);
  if (opened) {
    const auto change = protocol::description_change(core_->description(), opened->description);
    if (!change.empty()) {
      return failure_.fail(
          fmt::format("{}: came back describing different streams: {}", name_, change));
    }
    if (auto error = start_streaming(*opened); error.empty()) {
      adopt(std::move(*opened));
      return;
    }
    drain_transfers();
    if (!bulk_)
      return failure_.fail(fmt::format("{}: bulk transfers could not be cancelled", name_));
  }
  retry_wait_ = std::min(retry_wait_ * 2, options_.retry_max);
  next_try_ = now + retry_wait_;
}

void UsbDeviceSource::shut_down() {
  if (state_ == State::connected) {
    // Best effort: a device told to stop does not keep filling its FIFO for nobody.
    UsbControl control(context_.get(), handle_.get(), name_, 200);
    control.command(protocol::Command{protocol::Request::stop});
    bulk_->cancel();
    state_ = State::draining;
  }
  drain_transfers();
  if (state_ != State::closed) close_device();
}

void UsbDeviceSource::drain_transfers() {
  if (!bulk_) return;
  bulk_->cancel();
  const auto deadline = std::chrono::steady_clock::now() + kDrainLimit;
  while (!bulk_->idle() && std::chrono::steady_clock::now() < deadline) {
    timeval tick{0, static_cast<long>(kEventTick.count())};
    libusb_handle_events_timeout_completed(context_.get(), &tick, nullptr);
  }
  if (!bulk_->idle()) {
    // libusb still owns a transfer; freeing it would be a use after free, so it is leaked.
    static_cast<void>(bulk_.release());
  }
}

int LIBUSB_CALL UsbDeviceSource::on_hotplug(libusb_context*, libusb_device* device,
                                            libusb_hotplug_event event, void* self) {
  auto* source = static_cast<UsbDeviceSource*>(self);
  if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
    if (source->state_ == State::closed) {
      source->arrival_seen_ = true;
      source->next_try_ = std::chrono::steady_clock::now();
      source->retry_wait_ = source->options_.retry_first;
    }
  } else if (device == source->device_.get()) {
    source->lose("unplugged (hotplug LEFT)");
  }
  return 0;  // stay registered
}

}  // namespace stridecue::usb
