#include "serial/serial_device_source.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "protocol/control_exchange.hpp"
#include "protocol/description_change.hpp"
#include "realtime/monotonic_clock.hpp"
#include "realtime/thread_name.hpp"
#include "serial/serial_control.hpp"

namespace stridecue::serial {

namespace {

constexpr auto kConsumerWait = std::chrono::milliseconds(40);
constexpr auto kReadTick = std::chrono::milliseconds(50);

}  // namespace

SerialDeviceSource::SerialDeviceSource(SerialSourceOptions options)
    : options_(std::move(options)), name_("serial " + options_.path) {
  buffer_.resize(std::max<std::size_t>(options_.read_bytes, 64));
  std::string why;
  auto description = connect(why);
  if (!description) {
    failure_.fail_at_start(why);
    return;
  }
  name_ = fmt::format("serial {} ({} serial {})", options_.path, description->identity.model,
                      description->identity.serial);
  expected_serial_ = description->identity.serial;
  try {
    core_ = std::make_unique<protocol::ProtocolDevice>(*description, name_, options_.queue_blocks);
  } catch (const std::exception& e) {
    failure_.fail_at_start(fmt::format("{}: {}", name_, e.what()));
    return;
  }
  if (auto error = start_streaming(*description); !error.empty()) {
    failure_.fail_at_start(error);
    return;
  }
  thread_ = std::thread([this] {
    name_this_thread("sc-serial");
    run();
  });
}

SerialDeviceSource::~SerialDeviceSource() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

const SourceLayout& SerialDeviceSource::layout() const {
  return core_ ? core_->layout() : empty_layout_;
}

SourceStatus SerialDeviceSource::next(SampleBlock& block) {
  return protocol::next_block(failure_, core_.get(), block, kConsumerWait);
}

void SerialDeviceSource::push_into(BlockSink& sink) {
  protocol::push_blocks(failure_, core_.get(), sink);
}

std::vector<SourceEvent> SerialDeviceSource::take_events() {
  return core_ ? core_->take_events() : std::vector<SourceEvent>{};
}

SerialSourceCounters SerialDeviceSource::counters() const {
  SerialSourceCounters c;
  c.reads = reads_.load(std::memory_order_relaxed);
  c.bytes = bytes_.load(std::memory_order_relaxed);
  if (core_) protocol::copy_core_counters(core_->counters(), c);
  return c;
}

std::vector<HealthCounter> SerialDeviceSource::health() const {
  const SerialSourceCounters c = counters();
  std::vector<HealthCounter> health{{"reads", c.reads}, {"bytes", c.bytes}};
  protocol::append_core_health(c, health);
  return health;
}

std::optional<protocol::DeviceDescription> SerialDeviceSource::connect(std::string& why) {
  const auto where = "serial " + options_.path;
  if (auto error = link_.open(options_.path, options_.baud); !error.empty()) {
    why = fmt::format("{}: {}", where, error);
    return std::nullopt;
  }
  SerialControl control(link_, where, options_.reply_timeout);
  auto identity = control.identify();
  if (identity && !expected_serial_.empty() && identity->serial != expected_serial_) {
    why = fmt::format("{}: serial {} is another device than {}", where, identity->serial,
                      expected_serial_);
    link_.close();
    return std::nullopt;
  }
  auto description = identity ? control.describe(*identity) : std::nullopt;
  if (!description) {
    why = control.error();
    link_.close();
  }
  return description;
}

std::string SerialDeviceSource::start_streaming(const protocol::DeviceDescription& description) {
  SerialControl control(link_, name_, options_.reply_timeout);
  if (!protocol::start_streams(description, options_.rates_hz,
                               [&](const protocol::Command& c) { return control.command(c); })) {
    return control.error();
  }
  core_->connected(monotonic_ns());
  return {};
}

void SerialDeviceSource::run() {
  auto retry_wait = options_.retry_first;
  auto next_try = std::chrono::steady_clock::now();
  while (!stop_.load(std::memory_order_relaxed)) {
    core_->tick();
    if (link_.is_open()) {
      const auto read = link_.read_some(buffer_, kReadTick);
      if (read.bytes > 0) {
        reads_.fetch_add(1, std::memory_order_relaxed);
        bytes_.fetch_add(read.bytes, std::memory_order_relaxed);
        core_->feed(std::span(buffer_).first(read.bytes), read.receipt_ns);
      }
      if (!read.error.empty()) {
        lose(read.error);
        retry_wait = options_.retry_first;
        next_try = std::chrono::steady_clock::now() + retry_wait;
      }
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now < next_try) {
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(next_try - now, kReadTick));
      continue;
    }
    std::string why;
    if (auto description = connect(why)) {
      const auto change = protocol::description_change(core_->description(), *description);
      if (!change.empty()) {
        link_.close();
        return failure_.fail(
            fmt::format("{}: came back describing different streams: {}", name_, change));
      }
      if (start_streaming(*description).empty()) continue;
      link_.close();
    }
    retry_wait = std::min(retry_wait * 2, options_.retry_max);
    next_try = now + retry_wait;
  }
  if (link_.is_open()) {
    // Best effort, unanswered: a stopped device does not keep streaming into a closed port.
    link_.write(protocol::encode_command_line({protocol::Request::stop}));
  }
  link_.close();
}

void SerialDeviceSource::lose(std::string detail) {
  core_->lost(monotonic_ns(), std::move(detail));
  link_.close();
}

}  // namespace stridecue::serial
