#include "cli/trial_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "config/config_error.hpp"
#include "files/anc_reader.hpp"
#include "files/c3d_reader.hpp"
#include "files/column_profile.hpp"
#include "files/opensim_storage_reader.hpp"
#include "files/trial_csv_reader.hpp"

namespace stridecue {
namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// The column names of a storage file: the line after `endheader`. Empty if there is none.
std::vector<std::string> storage_columns(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("endheader")) break;
  }
  std::vector<std::string> columns;
  if (!std::getline(in, line)) return columns;
  std::istringstream names(line);
  for (std::string name; names >> name;)
    columns.push_back(name);
  return columns;
}

std::unique_ptr<SampleSource> open_c3d_trial(const std::string& path,
                                             const std::string& emg_profile) {
  auto reader = open_c3d(path, emg_profile.empty() ? std::optional<EmgChannelProfile>()
                                                   : load_emg_profile(emg_profile));
  if (reader->failure().empty()) {
    if (reader->treadmill()) fmt::print(stderr, "{}: {}\n", path, reader->frame_note());
    if (const std::string note = reader->emg_note(); !note.empty()) {
      fmt::print(stderr, "{}: {}\n", path, note);
    }
  }
  return reader;
}

}  // namespace

EmgChannelProfile load_emg_profile(const std::string& path_or_name) {
  std::filesystem::path path = path_or_name;
  if (!std::filesystem::exists(path) && !path.has_parent_path()) {
    std::filesystem::path named = std::filesystem::path(config_dir()) / "emg_profiles" / path;
    if (!named.has_extension()) named += ".toml";
    if (!std::filesystem::exists(named)) {
      throw ConfigError(path_or_name + ": no such EMG profile file, nor " + named.string());
    }
    path = named;
  }
  std::string error;
  auto profile = load_emg_channel_profile(path, &error);
  if (!profile) throw ConfigError(error);
  return std::move(*profile);
}

std::string choose_column_profile(const std::string& path) {
  const auto columns = storage_columns(path);
  const auto has = [&](const std::string& c) {
    return std::find(columns.begin(), columns.end(), c) != columns.end();
  };
  std::vector<std::filesystem::path> candidates;
  for (const auto& entry : std::filesystem::directory_iterator(config_dir() + "/profiles")) {
    if (entry.path().extension() == ".toml") candidates.push_back(entry.path());
  }
  std::sort(candidates.begin(), candidates.end());
  std::string tried;
  for (const auto& candidate : candidates) {
    std::string error;
    const auto profile = load_column_profile(candidate, &error);
    if (!profile) throw ConfigError(error);
    for (const auto& m : profile->columns) {
      if (m.quantity == Quantity::force_z && has(m.column)) return candidate.string();
    }
    tried += (tried.empty() ? "" : ", ") + candidate.stem().string();
  }
  throw ConfigError(path + ": no column profile in " + config_dir() +
                    "/profiles maps its vertical force (tried " + tried +
                    "); write one (docs/formats.md) and pass it with --profile");
}

std::string config_dir() {
  if (const char* env = std::getenv("STRIDECUE_CONFIG_DIR"); env && *env) return env;
  // A build run from its tree reads the tree's config/; an installed one its share/stridecue.
  if (std::filesystem::is_directory(STRIDECUE_SOURCE_CONFIG_DIR))
    return STRIDECUE_SOURCE_CONFIG_DIR;
  return STRIDECUE_INSTALLED_CONFIG_DIR;
}

std::unique_ptr<SampleSource> open_trial_source(const std::string& path,
                                                const std::string& profile_path,
                                                const std::string& emg_profile) {
  const std::string ext = lower_extension(path);
  if (ext == ".c3d") return open_c3d_trial(path, emg_profile);
  if (!emg_profile.empty()) {
    throw ConfigError(path + ": --emg-profile maps the analog channels of .c3d files; '" + ext +
                      "' files name their EMG channels emg_<muscle>_<side>_v (docs/formats.md)");
  }
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") return open_trial_csv(path);
  if (ext == ".mot" || ext == ".sto") {
    const std::string profile_file =
        profile_path.empty() ? choose_column_profile(path) : profile_path;
    std::string error;
    auto profile = load_column_profile(profile_file, &error);
    if (!profile) throw ConfigError(error);
    return open_opensim_storage(path, std::move(*profile));
  }
  throw ConfigError(path + ": unknown trial format '" + ext +
                    "' (known: .csv, .tsv, .txt, .mot, .sto, .c3d)");
}

}  // namespace stridecue
