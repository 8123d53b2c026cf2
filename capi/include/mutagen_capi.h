/*
 * mutagen_capi.h: the C ABI of mutagen-rs (crate mutagen-capi).
 *
 * Open and parse one audio file (mrs_open) or many in parallel (mrs_open_batch); read the
 * result through an opaque MrsFile handle; free it with mrs_free.
 *
 * Contract for every function:
 * - A MrsFile pointer passed in is either NULL or a live handle returned by mrs_open or
 *   mrs_open_batch and not yet freed. NULL is tolerated (the neutral value comes back); a
 *   dangling or forged pointer is undefined behaviour.
 * - Input byte pointers point at the stated number of readable bytes, which nobody writes
 *   during the call. Output pointers point at writable storage of the stated size.
 * - Strings handed out (MrsStr) are UTF-8, not NUL-terminated, borrowed from the handle: valid
 *   until mrs_free of that handle. Their ptr is never NULL.
 * - Handles may be read from several threads at once; mrs_free must not race with readers.
 * - No Rust panic crosses this boundary: a caught panic returns MRS_ERR_PANIC (or the neutral
 *   value of an accessor).
 *
 * Licence: MIT OR Apache-2.0.
 */
#ifndef MUTAGEN_CAPI_H
#define MUTAGEN_CAPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status of a handle or of a call. */
#define MRS_OK 0          /* parsed: kind, info and tags are available */
#define MRS_UNSUPPORTED 1 /* no type matched (kind ""), or a type the core does not read */
#define MRS_ERROR 2       /* parsing failed: error module, class and message are available */
#define MRS_ERR_PANIC (-1) /* a panic was caught inside the library; nothing was returned */
#define MRS_ERR_ARG (-2)   /* a NULL output pointer, or the thread pool could not start */

/* Bits of MrsInfo.present: which numbers mutagen's info object has for this type. */
#define MRS_HAS_LENGTH 1u
#define MRS_HAS_BITRATE 2u
#define MRS_HAS_SAMPLE_RATE 4u
#define MRS_HAS_CHANNELS 8u

/* One parsed file, or the failure to parse it. Opaque. */
typedef struct MrsFile MrsFile;

/* A borrowed UTF-8 string: len bytes at ptr (never NULL), no terminating NUL. */
typedef struct MrsStr {
    const uint8_t *ptr;
    size_t len;
} MrsStr;

/* A path for mrs_open_batch: len bytes at ptr (file system bytes on Unix, UTF-8 elsewhere).
 * ptr may be NULL when len is 0. */
typedef struct MrsPath {
    const uint8_t *ptr;
    size_t len;
} MrsPath;

/* The stream info numbers; a field is meaningful only when its MRS_HAS_* bit is set. */
typedef struct MrsInfo {
    double length;       /* seconds */
    int64_t bitrate;     /* bits per second */
    int64_t sample_rate; /* samples per second */
    int64_t channels;
    uint32_t present;    /* MRS_HAS_* bits */
} MrsInfo;

/* Open, detect and parse the file at path_ptr[0..path_len] as mutagen.File would. Stores a new
 * handle in *out (always, unless MRS_ERR_*) and returns its status: MRS_OK, MRS_UNSUPPORTED or
 * MRS_ERROR. Returns MRS_ERR_ARG when out is NULL, MRS_ERR_PANIC on an internal failure (then
 * *out is left untouched). Does not touch any Python state: safe to call without the GIL. */
int mrs_open(const uint8_t *path_ptr, size_t path_len, MrsFile **out);

/* Open and parse paths[0..n] in parallel on `threads` threads (0: one per core), storing one new
 * handle per path in out[0..n], in the order of paths. Returns MRS_OK when all n handles were
 * stored (each has its own mrs_status); MRS_ERR_ARG (NULL arrays with n > 0, or the thread pool
 * could not start) or MRS_ERR_PANIC when none was. n == 0 returns MRS_OK at once. Does not touch
 * any Python state: call it with the GIL released. */
int mrs_open_batch(const MrsPath *paths, size_t n, size_t threads, MrsFile **out);

/* Free a handle; NULL is ignored. Every MrsStr borrowed from it becomes invalid. Free each
 * handle once. */
void mrs_free(MrsFile *file);

/* The handle's status: MRS_OK, MRS_UNSUPPORTED or MRS_ERROR (MRS_ERR_ARG for NULL). */
int mrs_status(const MrsFile *file);

/* mutagen's class name of the file: "MP3", "FLAC", "OggVorbis", "OggOpus", "OggFLAC",
 * "OggSpeex", "OggTheora", "MP4", or the name of an unsupported type; "" when no type matched
 * or parsing failed. */
MrsStr mrs_kind(const MrsFile *file);

/* Copy the info numbers into *out. Returns 0, or MRS_ERR_ARG when file or out is NULL. All bits
 * are clear unless the status is MRS_OK. */
int mrs_info(const MrsFile *file, MrsInfo *out);

/* 1 when the file has a tag object (mutagen's `tags` is not None), else 0. */
int mrs_has_tags(const MrsFile *file);

/* The number of tag keys (0 without tags). Keys are distinct: ID3 hash keys ("TIT2",
 * "COMM::eng", ...), lowercased Vorbis comment keys, or MP4 atom names ("\xc2\xa9nam", ...). */
size_t mrs_tag_count(const MrsFile *file);

/* Key number i, for i < mrs_tag_count(file); "" when out of range. */
MrsStr mrs_tag_key(const MrsFile *file, size_t i);

/* The number of text values of key number i (0 when out of range). ID3: the text list of
 * text frames (TextFrame and its subclasses, TXXX, COMM; timestamps normalised as mutagen's
 * ID3TimeStamp prints them), none for other frames. Vorbis: every
 * value of the key in file order. MP4: the text items, none for numbers, pairs, covers,
 * freeform data and booleans. */
size_t mrs_tag_value_count(const MrsFile *file, size_t i);

/* Text value number j of key number i; "" when out of range. */
MrsStr mrs_tag_value(const MrsFile *file, size_t i, size_t j);

/* The module of mutagen's exception class for a failed file ("mutagen.mp3", "mutagen.flac",
 * "mutagen", or "builtins"/"struct" for the Python built-in exceptions mutagen lets escape);
 * "" unless the status is MRS_ERROR. */
MrsStr mrs_error_module(const MrsFile *file);

/* mutagen's exception class name for a failed file ("HeaderNotFoundError", "error",
 * "MutagenError" for I/O errors, "IndexError", ...); "" unless the status is MRS_ERROR. */
MrsStr mrs_error_class(const MrsFile *file);

/* The message of a failed file; "" unless the status is MRS_ERROR. */
MrsStr mrs_error_message(const MrsFile *file);

#ifdef __cplusplus
}
#endif

#endif /* MUTAGEN_CAPI_H */
