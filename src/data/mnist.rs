//! Real MNIST digits from the packed file `data/mnist-6000.bin.gz` (made by `scripts/pack-mnist.mjs`).
//!
//! The file is gzip of this payload (integers little-endian):
//!
//! | bytes            | content                                   |
//! |------------------|-------------------------------------------|
//! | 8                | magic `SAEMNIST`                          |
//! | 4                | count (u32)                               |
//! | 4                | rows (u32), 28                            |
//! | 4                | cols (u32), 28                            |
//! | count            | labels, one byte each, 0..=9              |
//! | count·rows·cols  | pixels 0..=255, row-major, image by image |
//!
//! The bundled file holds 6000 digits, 600 per class, interleaved by class (0, 1, …, 9, 0, 1, …) so any
//! prefix is balanced. [`MnistDigits::parse`] reads the *decompressed* payload (the browser
//! decompresses with `DecompressionStream`); native code can use [`MnistDigits::load_bundled`], which decompresses
//! the copy compiled into the binary.

use super::{DataError, Dataset};
use crate::config::DataKind;
use ndarray::Array2;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// The packed file's name, in `data/` of the repository.
pub const BUNDLED_FILE: &str = "mnist-6000.bin.gz";
/// The first 8 bytes of the payload.
pub const MAGIC: &[u8; 8] = b"SAEMNIST";
/// Bytes before the labels: magic, count, rows, cols.
pub const HEADER_BYTES: usize = 20;
/// Number of digit classes.
pub const CLASSES: usize = 10;

/// Digits as stored: one label and `rows * cols` pixel bytes per digit.
#[derive(Clone, Debug, PartialEq)]
pub struct MnistDigits {
    /// Class of each digit, 0..=9.
    pub labels: Vec<u8>,
    /// `count * rows * cols` pixel bytes, 0 (background) to 255 (ink), row-major, image by image.
    pub pixels: Vec<u8>,
    /// Image height (28).
    pub rows: usize,
    /// Image width (28).
    pub cols: usize,
}

fn error(message: String) -> DataError {
    DataError::Mnist(message)
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

impl MnistDigits {
    /// Reads the decompressed payload (see the module docs), checking the magic, the sizes, the exact
    /// length and every label.
    pub fn parse(bytes: &[u8]) -> Result<MnistDigits, DataError> {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            return Err(error("the file is still gzip-compressed; decompress it before reading the digits.".into()));
        }
        if bytes.len() < HEADER_BYTES {
            return Err(error(format!(
                "the file is only {} bytes long, too short for the {HEADER_BYTES}-byte header; it is \
                 truncated or not the packed MNIST file.",
                bytes.len()
            )));
        }
        if &bytes[..8] != MAGIC {
            return Err(error("the file does not start with \"SAEMNIST\", so it is not the packed MNIST file.".into()));
        }
        let count = read_u32(bytes, 8) as u64;
        let rows = read_u32(bytes, 12) as u64;
        let cols = read_u32(bytes, 16) as u64;
        if count == 0 {
            return Err(error("the file holds no digits.".into()));
        }
        if rows == 0 || cols == 0 || rows * cols > 1 << 20 {
            return Err(error(format!("the image size {rows}×{cols} in the header is not usable.")));
        }
        // u64 arithmetic: on wasm32 a usize product could overflow. count < 2³² and rows·cols ≤ 2²⁰, so
        // no product here can overflow a u64.
        let expected = HEADER_BYTES as u64 + count + count * rows * cols;
        let found = bytes.len() as u64;
        if found < expected {
            return Err(error(format!(
                "the file is truncated: {count} digits of {rows}×{cols} pixels need {expected} bytes, but \
                 only {found} are there."
            )));
        }
        if found > expected {
            return Err(error(format!(
                "the file has {} unexpected bytes after its {count} digits of {rows}×{cols} pixels.",
                found - expected
            )));
        }
        // Every size now fits the slice, hence a usize.
        let (count, rows, cols) = (count as usize, rows as usize, cols as usize);
        let labels = &bytes[HEADER_BYTES..HEADER_BYTES + count];
        if let Some((i, &label)) = labels.iter().enumerate().find(|(_, &l)| l as usize >= CLASSES) {
            return Err(error(format!("digit {} has the label {label}, but labels must be 0 to 9.", i + 1)));
        }
        Ok(MnistDigits { labels: labels.to_vec(), pixels: bytes[HEADER_BYTES + count..].to_vec(), rows, cols })
    }

    /// The digits of `data/mnist-6000.bin.gz`, compiled into the binary and decompressed (with flate2)
    /// on the first call. The result is cached for the life of the process, so every call returns the
    /// same `&'static` digits without copying; clone them if you need to own them.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load_bundled() -> Result<&'static MnistDigits, DataError> {
        use std::io::Read;
        use std::sync::OnceLock;

        static PACKED: &[u8] = include_bytes!("../../data/mnist-6000.bin.gz");
        static DIGITS: OnceLock<Result<MnistDigits, DataError>> = OnceLock::new();
        DIGITS
            .get_or_init(|| {
                let mut raw = Vec::new();
                flate2::read::GzDecoder::new(PACKED)
                    .read_to_end(&mut raw)
                    .map_err(|e| error(format!("the bundled {BUNDLED_FILE} could not be decompressed: {e}.")))?;
                MnistDigits::parse(&raw)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Number of digits.
    pub fn count(&self) -> usize {
        self.labels.len()
    }

    /// Pixels of one image, `rows * cols` bytes. Panics if `index >= self.count()`, like slice indexing.
    pub fn image(&self, index: usize) -> &[u8] {
        let size = self.rows * self.cols;
        &self.pixels[index * size..(index + 1) * size]
    }

    /// How many digits of each class 0..=9 there are.
    pub fn class_counts(&self) -> [usize; CLASSES] {
        let mut counts = [0; CLASSES];
        for &l in &self.labels {
            if let Some(c) = counts.get_mut(l as usize) {
                *c += 1;
            }
        }
        counts
    }

    /// A class-balanced subset of `samples` digits chosen by `seed`, as a data set.
    ///
    /// Each class's digits are shuffled with the seed, then taken round-robin over the classes
    /// (0, 1, …, 9, 0, 1, …), so every class gets ⌊samples / 10⌋ or one more (a class that runs out
    /// is skipped). The rows keep that interleaved order. Pixels become f32 in [0, 1] (v / 255).
    pub fn subset(&self, samples: usize, seed: u64) -> Result<Dataset, DataError> {
        let count = self.count();
        if samples < CLASSES {
            return Err(error(format!(
                "at least {CLASSES} digits (one per class) are needed, but {samples} were asked for."
            )));
        }
        if samples > count {
            return Err(error(format!(
                "{samples} digits were asked for, but the MNIST file holds only {count}; choose at most {count}."
            )));
        }

        let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); CLASSES];
        for (i, &label) in self.labels.iter().enumerate() {
            // `parse` guarantees labels below 10; a hand-built value with a bad label is skipped.
            if let Some(class) = by_class.get_mut(label as usize) {
                class.push(i);
            }
        }
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        for class in &mut by_class {
            class.shuffle(&mut rng);
        }
        let mut chosen = Vec::with_capacity(samples);
        let mut round = 0;
        while chosen.len() < samples {
            let before = chosen.len();
            for class in &by_class {
                if chosen.len() == samples {
                    break;
                }
                if let Some(&i) = class.get(round) {
                    chosen.push(i);
                }
            }
            if chosen.len() == before {
                // Only possible if some labels were invalid; never loop forever.
                return Err(error(format!("only {before} digits have a valid label, {samples} were asked for.")));
            }
            round += 1;
        }

        let size = self.rows * self.cols;
        let mut x = Array2::<f32>::zeros((samples, size));
        let mut labels = Vec::with_capacity(samples);
        for (mut row, &i) in x.rows_mut().into_iter().zip(&chosen) {
            for (out, &p) in row.iter_mut().zip(self.image(i)) {
                *out = p as f32 / 255.0;
            }
            labels.push(self.labels[i]);
        }
        Ok(Dataset {
            kind: DataKind::Mnist,
            x,
            color: Some(labels.iter().map(|&l| l as f32).collect()),
            labels: Some(labels),
            truth: None,
            image_shape: Some((self.rows, self.cols)),
            column_names: (0..size).map(|p| format!("p{p}")).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid payload of `count` 2×3 images with labels i % 10 and pixel value = image index.
    fn payload(count: u32) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        for v in [count, 2, 3] {
            b.extend(v.to_le_bytes());
        }
        b.extend((0..count).map(|i| (i % 10) as u8));
        for i in 0..count {
            b.extend([i as u8; 6]);
        }
        b
    }

    #[test]
    fn parses_a_small_payload() {
        let d = MnistDigits::parse(&payload(25)).unwrap();
        assert_eq!(d.count(), 25);
        assert_eq!((d.rows, d.cols), (2, 3));
        assert_eq!(d.image(7), &[7; 6]);
        assert_eq!(d.class_counts(), [3, 3, 3, 3, 3, 2, 2, 2, 2, 2]);
    }

    #[test]
    fn rejects_bad_payloads_with_sentences() {
        let good = payload(12);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (good[..10].to_vec(), "too short"),
            (good[..good.len() - 1].to_vec(), "truncated"),
            ([good.clone(), vec![0]].concat(), "unexpected bytes"),
            ([b"NOTMNIST".as_slice(), &good[8..]].concat(), "SAEMNIST"),
            (vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "gzip"),
            (
                {
                    let mut b = good.clone();
                    b[HEADER_BYTES + 4] = 10;
                    b
                },
                "label 10",
            ),
            (
                {
                    let mut b = good.clone();
                    b[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
                    b
                },
                "truncated",
            ),
            (
                {
                    let mut b = good.clone();
                    b[12..16].copy_from_slice(&0u32.to_le_bytes());
                    b
                },
                "image size",
            ),
        ];
        for (bytes, expected) in cases {
            let err = MnistDigits::parse(&bytes).unwrap_err().to_string();
            assert!(err.contains(expected), "{err:?} should mention {expected:?}");
            assert!(err.starts_with("MNIST data: ") && err.ends_with('.'), "{err}");
        }
    }

    #[test]
    fn subset_is_balanced_seeded_and_scaled() {
        let d = MnistDigits::parse(&payload(200)).unwrap();
        let s = d.subset(55, 3).unwrap();
        assert_eq!(s.x.dim(), (55, 6));
        assert_eq!(s.image_shape, Some((2, 3)));
        let labels = s.labels.as_ref().unwrap();
        let mut counts = [0; 10];
        for &l in labels {
            counts[l as usize] += 1;
        }
        assert_eq!(counts, [6, 6, 6, 6, 6, 5, 5, 5, 5, 5]);
        assert!(s.x.iter().all(|&v| (0.0..=1.0).contains(&v)));
        // Pixel value = image index, whose label is index % 10.
        for (row, &l) in s.x.rows().into_iter().zip(labels) {
            assert_eq!((row[0] * 255.0).round() as usize % 10, l as usize);
        }
        assert_eq!(d.subset(55, 3).unwrap(), s);
        assert_ne!(d.subset(55, 4).unwrap().x, s.x);
        assert!(d.subset(9, 1).unwrap_err().to_string().contains("at least 10"));
        assert!(d.subset(201, 1).unwrap_err().to_string().contains("only 200"));
    }
}
