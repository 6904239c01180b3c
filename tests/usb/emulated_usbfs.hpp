// A stridecue USB device emulated at the usbfs ioctl level with umockdev's custom ioctl
// handler (UMockdevIoctlBase), for what its script replay cannot do: several bulk IN URBs in
// flight at once (the replay serves one). Control requests are answered from a
// DeviceDescription through the protocol's own encoders; OUT requests are logged; bulk IN URBs
// are completed from a queue of payloads and otherwise stay pending, as on a quiet device,
// until the host discards them.
#pragma once

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>  // before usbdevice_fs.h: its request numbers use _IOR/_IOW
#include <umockdev.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol/control_messages.hpp"
#include "protocol/protocol_device.hpp"

namespace stridecue::test {

class EmulatedUsbfs {
 public:
  EmulatedUsbfs(protocol::DeviceDescription description,
                std::vector<std::vector<std::uint8_t>> payloads)
      : description_(std::move(description)),
        payloads_(payloads.begin(), payloads.end()),
        handler_(umockdev_ioctl_base_new()) {
    g_signal_connect(handler_, "handle-ioctl", G_CALLBACK(&EmulatedUsbfs::on_ioctl), this);
  }
  ~EmulatedUsbfs() {
    for (auto& urb : pending_)
      release(urb);
    for (auto& urb : done_)
      release(urb);
    g_object_unref(handler_);
  }
  EmulatedUsbfs(const EmulatedUsbfs&) = delete;
  EmulatedUsbfs& operator=(const EmulatedUsbfs&) = delete;

  void attach(UMockdevTestbed* testbed, const std::string& devnode) {
    GError* error = nullptr;
    if (!umockdev_testbed_attach_ioctl(testbed, devnode.c_str(), handler_, &error)) {
      const std::string why = error->message;
      g_error_free(error);
      throw std::runtime_error("umockdev_testbed_attach_ioctl: " + why);
    }
  }

  // More data from the device: completes the bulk IN URBs waiting for it.
  void send(std::vector<std::vector<std::uint8_t>> payloads) {
    std::lock_guard lock(mutex_);
    for (auto& p : payloads)
      payloads_.push_back(std::move(p));
    complete_bulk();
  }

  std::size_t max_bulk_in_flight() const {
    std::lock_guard lock(mutex_);
    return max_bulk_in_flight_;
  }
  std::vector<std::string> commands() const {
    std::lock_guard lock(mutex_);
    return commands_;
  }

 private:
  struct Urb {
    UMockdevIoctlData* urb = nullptr;     // the client's usbdevfs_urb, resolved
    UMockdevIoctlData* buffer = nullptr;  // its data buffer, resolved
    bool bulk_in = false;
  };
  static void release(Urb& u) {
    if (u.buffer != nullptr) g_object_unref(u.buffer);
    if (u.urb != nullptr) g_object_unref(u.urb);
  }
  static usbdevfs_urb* fields(const Urb& u) { return reinterpret_cast<usbdevfs_urb*>(u.urb->data); }

  static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
    return static_cast<EmulatedUsbfs*>(self)->handle(client) ? TRUE : FALSE;
  }

  bool handle(UMockdevIoctlClient* client) {
    std::lock_guard lock(mutex_);
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    switch (umockdev_ioctl_client_get_request(client)) {
      case USBDEVFS_CLAIMINTERFACE:
      case USBDEVFS_RELEASEINTERFACE:
      case USBDEVFS_CLEAR_HALT: umockdev_ioctl_client_complete(client, 0, 0); return true;
      case USBDEVFS_SUBMITURB: submit(client, arg); return true;
      case USBDEVFS_REAPURB:
      case USBDEVFS_REAPURBNDELAY: reap(client, arg); return true;
      case USBDEVFS_DISCARDURB: discard(client, arg); return true;
      default: return false;  // unknown to the emulation: ENOTTY, as for the replay
    }
  }

  void submit(UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
    GError* error = nullptr;
    Urb u;
    u.urb = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), &error);
    if (u.urb == nullptr) return fail_ioctl(client, error);
    const auto length = static_cast<std::size_t>(fields(u)->buffer_length);
    u.buffer = umockdev_ioctl_data_resolve(u.urb, offsetof(usbdevfs_urb, buffer), length, &error);
    if (u.buffer == nullptr && length > 0) return fail_ioctl(client, error);
    g_object_ref(u.urb);
    if (u.buffer != nullptr) g_object_ref(u.buffer);
    auto* f = fields(u);
    if (f->type == USBDEVFS_URB_TYPE_CONTROL) {
      control(u);
      done_.push_back(u);
    } else {
      u.bulk_in = (f->endpoint & 0x80) != 0;
      pending_.push_back(u);
      const auto in_flight = static_cast<std::size_t>(
          std::count_if(pending_.begin(), pending_.end(), [](const Urb& p) { return p.bulk_in; }));
      max_bulk_in_flight_ = std::max(max_bulk_in_flight_, in_flight);
      complete_bulk();
    }
    umockdev_ioctl_client_complete(client, 0, 0);
  }

  // Answers a control URB in place: setup packet at the buffer's start, data after it.
  void control(Urb& u) {
    auto* f = fields(u);
    const std::uint8_t* b = u.buffer->data;
    protocol::ControlSetup setup{b[0], b[1], static_cast<std::uint16_t>(b[2] | b[3] << 8),
                                 static_cast<std::uint16_t>(b[4] | b[5] << 8),
                                 static_cast<std::uint16_t>(b[6] | b[7] << 8)};
    const auto command = protocol::parse_setup(setup);
    f->status = -EPIPE;  // a request the device does not know stalls ep0
    f->actual_length = 0;
    if (!command) return;
    const auto& c = *command.value;
    std::vector<std::uint8_t> reply;
    switch (c.request) {
      case protocol::Request::identify: {
        const auto r = protocol::encode_identity(description_.identity);
        reply.assign(r.begin(), r.end());
        break;
      }
      case protocol::Request::get_stream: {
        const auto r = protocol::encode_stream(description_.streams.at(c.stream));
        reply.assign(r.begin(), r.end());
        break;
      }
      case protocol::Request::get_channel: {
        const auto r = protocol::encode_channel(description_.channels.at(c.stream).at(c.channel));
        reply.assign(r.begin(), r.end());
        break;
      }
      default: {
        auto line = protocol::encode_command_line(c);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
          line.pop_back();
        commands_.push_back(line);
      }
    }
    if (!reply.empty()) std::memcpy(u.buffer->data + 8, reply.data(), reply.size());
    f->status = 0;
    f->actual_length = static_cast<int>(reply.size());  // usbfs: the data stage only
  }

  // Completes pending bulk IN URBs, oldest first, while payloads remain.
  void complete_bulk() {
    while (!payloads_.empty()) {
      auto it =
          std::find_if(pending_.begin(), pending_.end(), [](const Urb& p) { return p.bulk_in; });
      if (it == pending_.end()) return;
      Urb u = *it;
      pending_.erase(it);
      const auto& payload = payloads_.front();
      auto* f = fields(u);
      const auto n =
          std::min<std::size_t>(payload.size(), static_cast<std::size_t>(f->buffer_length));
      std::memcpy(u.buffer->data, payload.data(), n);
      f->status = 0;
      f->actual_length = static_cast<int>(n);
      payloads_.pop_front();
      done_.push_back(u);
    }
  }

  void reap(UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
    if (done_.empty()) {
      umockdev_ioctl_client_complete(client, -1, EAGAIN);
      return;
    }
    // The argument points at the client's `usbdevfs_urb*`: resolve that slot, then point it
    // at the completed URB, whose fields and buffer are written back with it.
    GError* error = nullptr;
    UMockdevIoctlData* slot = umockdev_ioctl_data_resolve(arg, 0, sizeof(void*), &error);
    if (slot == nullptr) return fail_ioctl(client, error);
    Urb u = done_.front();
    done_.pop_front();
    umockdev_ioctl_data_set_ptr(slot, 0, u.urb);
    umockdev_ioctl_client_complete(client, 0, 0);
    release(u);
  }

  void discard(UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
    const auto address = *reinterpret_cast<const gulong*>(arg->data);
    auto it = std::find_if(pending_.begin(), pending_.end(),
                           [&](const Urb& p) { return p.urb->client_addr == address; });
    if (it == pending_.end()) {
      umockdev_ioctl_client_complete(client, -1, EINVAL);
      return;
    }
    Urb u = *it;
    pending_.erase(it);
    fields(u)->status = -ENOENT;  // what usbfs reports for a discarded URB
    fields(u)->actual_length = 0;
    done_.push_back(u);
    umockdev_ioctl_client_complete(client, 0, 0);
  }

  static void fail_ioctl(UMockdevIoctlClient* client, GError* error) {
    if (error != nullptr) g_error_free(error);
    umockdev_ioctl_client_complete(client, -1, EFAULT);
  }

  protocol::DeviceDescription description_;
  mutable std::mutex mutex_;  // the handler runs on umockdev's thread, the test reads on its own
  std::deque<std::vector<std::uint8_t>> payloads_;
  std::deque<Urb> pending_;
  std::deque<Urb> done_;
  std::size_t max_bulk_in_flight_ = 0;
  std::vector<std::string> commands_;
  UMockdevIoctlBase* handler_;
};

}  // namespace stridecue::test
