#include "net/trigno_options.hpp"

#include <cmath>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "files/profile_errors.hpp"
#include "files/profile_file.hpp"

namespace stridecue {

std::string validate(const DelsysTrignoOptions& o) {
  if (o.host.empty()) return "host must not be empty";
  if (o.command_port == 0 || o.emg_port == 0) return "command_port and emg_port must be set";
  if (!(o.rate_hz >= 100.0 && o.rate_hz <= 10000.0)) {
    return fmt::format("rate_hz must be in [100, 10000], got {}", o.rate_hz);
  }
  if (o.channels.empty()) return "no channel is mapped: add a [[channel]] with sensor and side";
  for (std::size_t i = 0; i < o.channels.size(); ++i) {
    const TrignoChannel& c = o.channels[i];
    if (c.sensor < 1 || c.sensor > kTrignoSensors) {
      return fmt::format("channel {}: sensor must be 1 … {}, got {}", i + 1, kTrignoSensors,
                         c.sensor);
    }
    if (c.muscle.empty()) return fmt::format("channel {}: muscle must not be empty", i + 1);
    for (std::size_t j = 0; j < i; ++j) {
      if (o.channels[j].sensor == c.sensor) {
        return fmt::format("sensor {} is mapped twice", c.sensor);
      }
      if (o.channels[j].side == c.side && o.channels[j].muscle == c.muscle) {
        return fmt::format("{} {} is mapped twice (sensors {} and {})", c.muscle, to_string(c.side),
                           o.channels[j].sensor, c.sensor);
      }
    }
  }
  for (const double t : {o.reply_timeout_s, o.data_timeout_s, o.backoff_initial_s, o.poll_s}) {
    if (!(t > 0.0 && t <= 60.0)) return "timeouts and back-off must be in (0, 60] s";
  }
  if (!(o.backoff_max_s >= o.backoff_initial_s)) return "backoff_max_s must be ≥ backoff_initial_s";
  return {};
}

StreamInfo trigno_emg_stream(const DelsysTrignoOptions& options) {
  StreamInfo s;
  s.name = "emg";
  s.rate_hz = options.rate_hz;
  for (const TrignoChannel& c : options.channels) {
    ChannelInfo ch;
    ch.name = fmt::format("emg_{}_{}_v", c.muscle, to_string(c.side));
    ch.quantity = Quantity::emg;
    ch.side = c.side;
    ch.muscle = c.muscle;
    s.channels.push_back(std::move(ch));
  }
  return s;
}

namespace {

std::optional<TrignoChannel> parse_channel(const toml::node& node, const ProfileErrors& errors) {
  const auto* table = node.as_table();
  if (table == nullptr) return errors.at(node.source(), "each channel must be a table");
  TrignoChannel c;
  bool has_sensor = false, has_side = false;
  for (auto&& [key, value] : *table) {
    if (key == "sensor") {
      const auto n = integer_value(value);
      if (!n || *n < 1 || *n > kTrignoSensors) {
        return errors.at(value.source(),
                         fmt::format("sensor must be a whole number from 1 to {}", kTrignoSensors));
      }
      c.sensor = static_cast<int>(*n);
      has_sensor = true;
    } else if (key == "side") {
      const auto side = side_value(value);
      if (!side) return errors.at(value.source(), "side must be \"left\" or \"right\"");
      c.side = *side;
      has_side = true;
    } else if (key == "muscle") {
      const auto text = string_value(value);
      if (!text || text->empty()) return errors.at(value.source(), "muscle must be a name");
      c.muscle = *text;
    } else {
      return errors.at(key.source(), fmt::format("unknown key \"{}\" in [[channel]]; allowed: "
                                                 "sensor, side, muscle",
                                                 key.str()));
    }
  }
  if (!has_sensor || !has_side) {
    return errors.at(node.source(), "[[channel]] needs sensor and side");
  }
  return c;
}

}  // namespace

static std::optional<DelsysTrignoOptions> parse_trigno_profile_into(std::string_view toml_text,
                                                                    std::string_view display_name,
                                                                    std::string* error) {
  const ProfileErrors errors(display_name, error);
  const auto parsed = parse_profile_document(toml_text, errors);
  if (!parsed) return std::nullopt;
  const toml::table& document = *parsed;
  DelsysTrignoOptions o;
  struct Number {
    std::string_view key;
    double* target;
    double min, max;
  };
  const Number numbers[] = {{"rate_hz", &o.rate_hz, 100.0, 10000.0},
                            {"rate_tolerance", &o.rate_tolerance, 0.0, 0.5},
                            {"reply_timeout_s", &o.reply_timeout_s, 0.01, 60.0},
                            {"data_timeout_s", &o.data_timeout_s, 0.01, 60.0},
                            {"backoff_initial_s", &o.backoff_initial_s, 0.01, 60.0},
                            {"backoff_max_s", &o.backoff_max_s, 0.01, 600.0}};
  for (auto&& [key, value] : document) {
    const Number* number = nullptr;
    for (const Number& n : numbers) {
      if (key == n.key) number = &n;
    }
    if (number != nullptr) {
      const auto v = value.is_number() ? value.value<double>() : std::nullopt;
      if (!v || !std::isfinite(*v) || *v < number->min || *v > number->max) {
        return errors.at(value.source(), fmt::format("{} must be a number from {} to {}", key.str(),
                                                     number->min, number->max));
      }
      *number->target = *v;
    } else if (key == "host" || key == "kind" || key == "name" || key == "description") {
      const auto text = string_value(value);
      if (!text || text->empty()) {
        return errors.at(value.source(), fmt::format("{} must be a string", key.str()));
      }
      if (key == "host") o.host = *text;
      if (key == "kind" && *text != "delsys_trigno") {
        return errors.at(value.source(), "kind must be \"delsys_trigno\" in a Trigno profile");
      }
    } else if (key == "command_port" || key == "emg_port") {
      const auto port = integer_value(value);
      if (!port || *port < 1 || *port > 65535) {
        return errors.at(value.source(), fmt::format("{} must be a port, 1 to 65535", key.str()));
      }
      (key == "command_port" ? o.command_port : o.emg_port) = static_cast<std::uint16_t>(*port);
    } else if (key == "ask_rate") {
      if (!value.is_boolean()) return errors.at(value.source(), "ask_rate must be true or false");
      o.ask_rate = *value.value<bool>();
    } else if (key == "channel") {
      const auto* array = value.as_array();
      if (array == nullptr) {
        return errors.at(value.source(), "channel must be an array of tables: write [[channel]]");
      }
      for (const toml::node& node : *array) {
        auto c = parse_channel(node, errors);
        if (!c) return std::nullopt;
        o.channels.push_back(*c);
        if (const std::string problem = validate(o); problem.find("twice") != std::string::npos) {
          return errors.at(node.source(), problem);
        }
      }
    } else {
      return errors.at(key.source(),
                       fmt::format("unknown key \"{}\"; allowed: kind, name, description, host, "
                                   "command_port, emg_port, rate_hz, ask_rate, rate_tolerance, "
                                   "reply_timeout_s, data_timeout_s, backoff_initial_s, "
                                   "backoff_max_s, channel",
                                   key.str()));
    }
  }
  if (const std::string problem = validate(o); !problem.empty()) {
    return errors.at(document.source(), problem);
  }
  return o;
}

ParseResult<DelsysTrignoOptions> load_trigno_profile(const std::filesystem::path& path) {
  return load_profile_file(path, parse_trigno_profile);
}

ParseResult<DelsysTrignoOptions> parse_trigno_profile(std::string_view toml_text,
                                                      std::string_view display_name) {
  return parse_result_of([&](std::string* error) {
    return parse_trigno_profile_into(toml_text, display_name, error);
  });
}

}  // namespace stridecue
