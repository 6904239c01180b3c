// Opens a trial file as a sample source, choosing the reader from the file's extension.
#pragma once

#include <memory>
#include <string>

#include "files/anc_reader.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

// The project's CSV (.csv, .tsv, .txt), a C3D file (.c3d: its force platforms as floor
// plates, or as a treadmill's belts when they are (said on stderr); its
// EMG channels as an "emg" stream), or an OpenSim storage file (.mot, .sto) read
// with the column profile at `profile_path` (empty: the first profile in config/profiles/ that
// maps a vertical force column the file has).
// A C3D file's EMG channels are those of the EMG profile `emg_profile` (a TOML file, or the name
// of one in config/emg_profiles/), else those its labels name unambiguously; which labels
// became which muscle, and which were left out, is printed on stderr.
// Throws ConfigError when the file cannot be opened or a profile is bad.
std::unique_ptr<SampleSource> open_trial_source(const std::string& path,
                                                const std::string& profile_path,
                                                const std::string& emg_profile = {});

// The column profile a .mot/.sto file is read with when none is given: the first (by file name)
// in config/profiles/ that maps a vertical force column the file has. Throws ConfigError when
// none does (or a profile there is bad).
std::string choose_column_profile(const std::string& path);

// An EMG channel profile by path, or by name in config/emg_profiles/ ("btk_pig_flatfoot").
// Throws ConfigError when there is none or it is bad.
EmgChannelProfile load_emg_profile(const std::string& path_or_name);

// Where the default config files live: $STRIDECUE_CONFIG_DIR, else the source tree's config/ when
// it exists (a build run from its tree), else the installed share/stridecue/.
std::string config_dir();

}  // namespace stridecue
