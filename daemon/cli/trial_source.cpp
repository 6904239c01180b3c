#include "cli/trial_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "config/config_error.hpp"
#include "files/anc_reader.hpp"
#include "files/c3d_reader.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"
#include "files/trial_csv_reader.hpp"

namespace stridecue {
namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// The column profiles in config/profiles/, by file name.
std::vector<std::filesystem::path> profile_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(config_dir() + "/profiles")) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::string choose_column_profile(const std::string& path, const std::string& what_it_is_not) {
  std::string reasons;
  for (const auto& candidate : profile_files()) {
    auto profile = load_column_profile(candidate);
    if (!profile) throw ConfigError(profile.error());
    std::ifstream file(path, std::ios::binary);
    const TextTableReader reader(file, path, std::move(*profile));
    if (reader.header_fits()) return candidate.string();
    reasons += fmt::format("\n  {}: {}", candidate.stem().string(), reader.failure());
  }
  throw ConfigError(
      fmt::format("{}: {}no column profile in {}/profiles fits its header; write "
                  "one (docs/formats.md) and pass it with --profile:{}",
                  path, what_it_is_not, config_dir(), reasons));
}

namespace {

std::unique_ptr<SampleSource> open_profiled_table(const std::string& path,
                                                  const std::string& profile_file) {
  auto profile = load_column_profile(profile_file);
  if (!profile) throw ConfigError(profile.error());
  return open_text_table(path, std::move(*profile));
}

// A .csv/.tsv/.txt is our trial CSV when it starts like one (or will not open: the CSV reader
// says so), else a lab's export that a column profile describes.
std::unique_ptr<SampleSource> open_delimited_trial(const std::string& path,
                                                   const std::string& profile_path) {
  if (!profile_path.empty()) return open_profiled_table(path, profile_path);
  std::ifstream file(path, std::ios::binary);
  if (!file.is_open() || has_trial_csv_header(file)) return open_trial_csv(path);
  return open_profiled_table(
      path, choose_column_profile(
                path, "not a stridecue trial CSV (its first column is not time_s), and "));
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
  auto profile = load_emg_channel_profile(path);
  if (!profile) throw ConfigError(profile.error());
  return std::move(*profile);
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
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt")
    return open_delimited_trial(path, profile_path);
  if (ext == ".mot" || ext == ".sto") {
    if (!std::filesystem::exists(path)) return open_text_table(path, {});  // "cannot open"
    return open_profiled_table(path,
                               profile_path.empty() ? choose_column_profile(path) : profile_path);
  }
  throw ConfigError(path + ": unknown trial format '" + ext +
                    "' (known: .csv, .tsv, .txt, .mot, .sto, .c3d)");
}

}  // namespace stridecue
