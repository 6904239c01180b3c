#include "files/trial_csv_columns.hpp"

#include <array>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

namespace stridecue {
namespace {

struct QuantitySuffix {
  std::string_view suffix;
  Quantity quantity;
};

constexpr std::array<QuantitySuffix, 6> quantity_suffixes{{
    {"fx_n", Quantity::force_x},
    {"fy_n", Quantity::force_y},
    {"fz_n", Quantity::force_z},
    {"copx_m", Quantity::cop_x},
    {"copy_m", Quantity::cop_y},
    {"tz_nm", Quantity::torque_z},
}};

bool is_muscle_name(std::string_view muscle) {
  if (muscle.empty()) return false;
  for (const char c : muscle) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::optional<ChannelInfo> emg_channel(std::string_view name) {
  constexpr std::string_view prefix = "emg_";
  constexpr std::string_view suffix = "_v";
  if (!name.starts_with(prefix) || !name.ends_with(suffix)) return std::nullopt;
  std::string_view middle = name.substr(prefix.size());
  if (middle.size() < suffix.size()) return std::nullopt;
  middle.remove_suffix(suffix.size());
  const auto split = middle.rfind('_');
  if (split == std::string_view::npos) return std::nullopt;
  const std::string_view muscle = middle.substr(0, split);
  const auto side = side_from_string(middle.substr(split + 1));
  if (!side || !is_muscle_name(muscle)) return std::nullopt;
  ChannelInfo channel;
  channel.name = std::string(name);
  channel.quantity = Quantity::emg;
  channel.side = side;
  channel.muscle = std::string(muscle);
  return channel;
}

}  // namespace

std::optional<ChannelInfo> channel_from_trial_column(std::string_view name) {
  if (name.starts_with("emg_")) return emg_channel(name);
  const auto split = name.find('_');
  if (split == std::string_view::npos) return std::nullopt;
  const auto plate = plate_from_string(name.substr(0, split));
  if (!plate) return std::nullopt;
  const std::string_view rest = name.substr(split + 1);
  for (const auto& [suffix, quantity] : quantity_suffixes) {
    if (rest == suffix) {
      ChannelInfo channel;
      channel.name = std::string(name);
      channel.quantity = quantity;
      channel.plate = plate;
      return channel;
    }
  }
  return std::nullopt;
}

std::optional<std::string> trial_column_for(const ChannelInfo& channel) {
  if (channel.quantity == Quantity::emg) {
    if (!channel.side || !is_muscle_name(channel.muscle)) return std::nullopt;
    return fmt::format("emg_{}_{}_v", channel.muscle, to_string(*channel.side));
  }
  if (!channel.plate) return std::nullopt;
  for (const auto& [suffix, quantity] : quantity_suffixes) {
    if (channel.quantity == quantity)
      return fmt::format("{}_{}", to_string(*channel.plate), suffix);
  }
  return std::nullopt;
}

std::optional<TrialColumnProblem> check_trial_columns(std::span<const ChannelInfo> channels) {
  std::unordered_map<std::string_view, std::size_t> first_index;
  std::optional<std::size_t> first_belt;
  std::optional<std::size_t> first_split_belt;  // first left or right plate column
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const ChannelInfo& channel = channels[i];
    const auto [it, inserted] = first_index.try_emplace(channel.name, i);
    if (!inserted) {
      return TrialColumnProblem{
          i, fmt::format("duplicate column \"{}\" (also field {})", channel.name, it->second + 2)};
    }
    if (!channel.plate) continue;
    auto& first_of_kind = *channel.plate == Plate::belt ? first_belt : first_split_belt;
    if (!first_of_kind) first_of_kind = i;
    if (first_belt && first_split_belt) {
      return TrialColumnProblem{
          i, fmt::format("column \"{}\": belt columns cannot be mixed with left/right plate "
                         "columns (a single-belt treadmill has one plate)",
                         channel.name)};
    }
  }
  for (const Plate plate : kAllPlates) {
    std::optional<std::size_t> first_of_plate;
    bool has_fz = false;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      if (channels[i].plate != plate) continue;
      if (!first_of_plate) first_of_plate = i;
      if (channels[i].quantity == Quantity::force_z) has_fz = true;
    }
    if (first_of_plate && !has_fz) {
      return TrialColumnProblem{*first_of_plate,
                                fmt::format("plate {} has no {}_fz_n column (contacts are found "
                                            "on the vertical force)",
                                            to_string(plate), to_string(plate))};
    }
  }
  return std::nullopt;
}

}  // namespace stridecue
