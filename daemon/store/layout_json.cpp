#include "store/layout_json.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace stridecue {
namespace {

using Json = nlohmann::json;

constexpr Quantity kAllQuantities[] = {Quantity::force_x, Quantity::force_y, Quantity::force_z,
                                       Quantity::cop_x,   Quantity::cop_y,   Quantity::torque_z,
                                       Quantity::emg,     Quantity::other};

std::invalid_argument bad(const std::string& where, std::string_view what) {
  return std::invalid_argument(fmt::format("layout: {}: {}", where, what));
}

const Json& member(const Json& object, const std::string& where, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) throw bad(where, fmt::format("missing \"{}\"", key));
  return *it;
}

std::string text_member(const Json& object, const std::string& where, const char* key) {
  const Json& value = member(object, where, key);
  if (!value.is_string()) throw bad(where + "." + key, "not a string");
  return value.get<std::string>();
}

double number_member(const Json& object, const std::string& where, const char* key) {
  const Json& value = member(object, where, key);
  if (!value.is_number()) throw bad(where + "." + key, "not a number");
  return value.get<double>();
}

Quantity quantity_from(const std::string& text, const std::string& where) {
  for (const Quantity q : kAllQuantities) {
    if (text == to_string(q)) return q;
  }
  throw bad(where, fmt::format("unknown quantity \"{}\"", text));
}

ChannelInfo channel_from(const Json& json, const std::string& where) {
  if (!json.is_object()) throw bad(where, "not an object");
  ChannelInfo c;
  c.name = text_member(json, where, "name");
  c.quantity = quantity_from(text_member(json, where, "quantity"), where + ".quantity");
  if (json.contains("plate")) {
    const std::string plate = text_member(json, where, "plate");
    c.plate = plate_from_string(plate);
    if (!c.plate) throw bad(where + ".plate", fmt::format("unknown plate \"{}\"", plate));
  }
  if (json.contains("side")) {
    const std::string side = text_member(json, where, "side");
    c.side = side_from_string(side);
    if (!c.side) throw bad(where + ".side", fmt::format("unknown side \"{}\"", side));
  }
  if (json.contains("muscle")) c.muscle = text_member(json, where, "muscle");
  return c;
}

StreamInfo stream_from(const Json& json, const std::string& where) {
  if (!json.is_object()) throw bad(where, "not an object");
  StreamInfo s;
  s.name = text_member(json, where, "name");
  s.rate_hz = number_member(json, where, "rate_hz");
  s.start_time_s = number_member(json, where, "start_time_s");
  const Json& channels = member(json, where, "channels");
  if (!channels.is_array()) throw bad(where + ".channels", "not an array");
  for (std::size_t i = 0; i < channels.size(); ++i) {
    s.channels.push_back(channel_from(channels[i], fmt::format("{}.channels[{}]", where, i)));
  }
  return s;
}

}  // namespace

nlohmann::json layout_to_json(const SourceLayout& layout) {
  Json streams = Json::array();
  for (const StreamInfo& s : layout.streams) {
    Json channels = Json::array();
    for (const ChannelInfo& c : s.channels) {
      Json channel = {{"name", c.name}, {"quantity", to_string(c.quantity)}};
      if (c.plate) channel["plate"] = to_string(*c.plate);
      if (c.side) channel["side"] = to_string(*c.side);
      channel["muscle"] = c.muscle;
      channels.push_back(std::move(channel));
    }
    streams.push_back({{"name", s.name},
                       {"rate_hz", s.rate_hz},
                       {"start_time_s", s.start_time_s},
                       {"channels", std::move(channels)}});
  }
  return Json{{"streams", std::move(streams)}};
}

SourceLayout layout_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw bad("layout", "not an object");
  const Json& streams = member(json, "layout", "streams");
  if (!streams.is_array()) throw bad("streams", "not an array");
  SourceLayout layout;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    layout.streams.push_back(stream_from(streams[i], fmt::format("streams[{}]", i)));
  }
  return layout;
}

}  // namespace stridecue
