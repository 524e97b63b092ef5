//! The data sets through the public API: generators, the bundled MNIST file, the CSV reader and `build`.

use sae_playground::config::{Config, DataKind};
use sae_playground::data::{self, csv, mnist, plane, sparse_features, swiss_roll, DataError, Dataset, Sources};
use std::io::Read;

/// Per-column (mean, population std) in f64.
fn column_stats(d: &Dataset) -> Vec<(f64, f64)> {
    let n = d.len() as f64;
    d.x.columns()
        .into_iter()
        .map(|c| {
            let mean = c.iter().map(|&v| v as f64).sum::<f64>() / n;
            let var = c.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
            (mean, var.sqrt())
        })
        .collect()
}

/// 3×3 population covariance of a 3-column data set.
fn covariance3(d: &Dataset) -> [[f64; 3]; 3] {
    let stats = column_stats(d);
    let n = d.len() as f64;
    let mut c = [[0.0; 3]; 3];
    for row in d.x.rows() {
        for i in 0..3 {
            for j in 0..3 {
                c[i][j] += (row[i] as f64 - stats[i].0) * (row[j] as f64 - stats[j].0) / n;
            }
        }
    }
    c
}

fn det3(m: [[f64; 3]; 3]) -> f64 {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
}

fn class_counts(labels: &[u8]) -> [usize; 10] {
    let mut counts = [0; 10];
    for &l in labels {
        counts[l as usize] += 1;
    }
    counts
}

// ---------------------------------------------------------------- Swiss roll

#[test]
fn swiss_roll_is_standardized_and_coloured_by_t() {
    let noise = 0.05;
    let d = swiss_roll::generate(3000, noise, 1);
    assert_eq!(d.kind, DataKind::SwissRoll);
    assert_eq!(d.x.dim(), (3000, 3));
    assert_eq!(d.column_names, vec!["x", "y", "z"]);
    assert!(d.labels.is_none() && d.truth.is_none() && d.image_shape.is_none());
    for (mean, std) in column_stats(&d) {
        assert!(mean.abs() < 0.01, "mean {mean}");
        // Unit std before the noise; the independent noise adds variance noise².
        assert!((std - (1.0f64 + noise * noise).sqrt()).abs() < 0.01, "std {std}");
    }
    let t = d.color.as_ref().expect("t colours the roll");
    assert_eq!(t.len(), 3000);
    let (lo, hi) = (1.5 * std::f32::consts::PI, 4.5 * std::f32::consts::PI);
    assert!(t.iter().all(|&t| t >= lo - 1e-4 && t <= hi + 1e-4));
    assert!(t.iter().any(|&t| t < lo + 0.5) && t.iter().any(|&t| t > hi - 0.5), "t covers its range");
}

#[test]
fn swiss_roll_is_seeded() {
    assert_eq!(swiss_roll::generate(200, 0.05, 9), swiss_roll::generate(200, 0.05, 9));
    assert_ne!(swiss_roll::generate(200, 0.05, 9).x, swiss_roll::generate(200, 0.05, 10).x);
    assert_ne!(swiss_roll::generate(200, 0.0, 9).color, swiss_roll::generate(200, 0.0, 10).color);
}

// ---------------------------------------------------------------- plane

#[test]
fn noise_free_plane_has_rank_two() {
    let d = plane::generate(2000, 0.0, 3);
    assert_eq!(d.kind, DataKind::Plane);
    assert_eq!(d.x.dim(), (2000, 3));
    let c = covariance3(&d);
    for (i, row) in c.iter().enumerate() {
        assert!((row[i] - 1.0).abs() < 1e-4, "standardized: variance {}", row[i]);
    }
    // Rank 2: the covariance is singular, but a 2×2 minor is not.
    assert!(det3(c).abs() < 1e-5, "det {}", det3(c));
    let minor = c[0][0] * c[1][1] - c[0][1] * c[1][0];
    assert!(minor > 1e-3, "minor {minor}");
    let u = d.color.as_ref().unwrap();
    assert!(u.iter().all(|&u| (-1.0..=1.0).contains(&u)));
}

#[test]
fn noisy_plane_is_full_rank_and_seeded() {
    let d = plane::generate(2000, 0.1, 3);
    assert!(det3(covariance3(&d)) > 1e-4);
    assert_eq!(plane::generate(100, 0.05, 1), plane::generate(100, 0.05, 1));
    // A different seed is a different rotation, not just different points.
    let a = covariance3(&plane::generate(2000, 0.0, 1));
    let b = covariance3(&plane::generate(2000, 0.0, 2));
    assert!((a[0][1] - b[0][1]).abs() > 1e-3 || (a[0][2] - b[0][2]).abs() > 1e-3);
}

#[test]
fn random_rotation_is_proper() {
    use rand::SeedableRng;
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(42);
    let r = plane::random_rotation(&mut rng);
    let det = det3(r);
    assert!((det - 1.0).abs() < 1e-12, "det {det}");
    for i in 0..3 {
        for j in 0..3 {
            let dot: f64 = (0..3).map(|k| r[k][i] * r[k][j]).sum();
            assert!((dot - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
        }
    }
}

// ---------------------------------------------------------------- sparse features

fn sparse_spec(seed: u64) -> sparse_features::Spec {
    sparse_features::Spec { samples: 400, true_features: 32, dim: 8, active: 3, noise: 0.01, seed }
}

#[test]
fn sparse_features_truth_is_unit_norm() {
    let d = sparse_features::generate(&sparse_spec(1));
    assert_eq!(d.kind, DataKind::SparseFeatures);
    assert_eq!(d.x.dim(), (400, 8));
    assert_eq!(d.column_names.len(), 8);
    let truth = d.truth.as_ref().unwrap();
    assert_eq!(truth.dim(), (32, 8));
    for row in truth.rows() {
        let norm = row.iter().map(|&v| (v as f64).powi(2)).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
    }
    assert!(d.color.as_ref().unwrap().iter().all(|&c| (0.0..32.0).contains(&c)));
    // Three features of norm 0.5..1.5 each: samples are neither empty nor huge.
    for row in d.x.rows() {
        let norm = row.iter().map(|&v| (v as f64).powi(2)).sum::<f64>().sqrt();
        assert!(norm > 0.05 && norm < 4.6, "{norm}");
    }
}

#[test]
fn sparse_features_are_seeded() {
    let a = sparse_features::generate(&sparse_spec(1));
    assert_eq!(a, sparse_features::generate(&sparse_spec(1)));
    let b = sparse_features::generate(&sparse_spec(2));
    assert_ne!(a.x, b.x);
    assert_ne!(a.truth, b.truth);
}

#[test]
fn recovery_score_of_truth_and_of_random_directions() {
    let truth = sparse_features::generate(&sparse_features::Spec { dim: 64, ..sparse_spec(1) }).truth.unwrap();
    let perfect = sparse_features::recovery_score(truth.view(), truth.view());
    assert_eq!(perfect.fraction_recovered, 1.0);
    assert!(perfect.best_cosine.iter().all(|&c| (c - 1.0).abs() < 1e-5));
    assert_eq!(perfect.threshold, sparse_features::RECOVERY_THRESHOLD as f64);

    // Scaled rows are the same directions.
    let scaled = &truth * 7.0;
    assert_eq!(sparse_features::recovery_score(truth.view(), scaled.view()).fraction_recovered, 1.0);

    // Unrelated random directions in 64-D are nearly orthogonal to every feature.
    let random = sparse_features::generate(&sparse_features::Spec { dim: 64, ..sparse_spec(99) }).truth.unwrap();
    let score = sparse_features::recovery_score(truth.view(), random.view());
    assert_eq!(score.fraction_recovered, 0.0);
    assert!(score.best_cosine.iter().all(|&c| c < 0.6), "{:?}", score.best_cosine);

    // Anti-aligned directions do not count.
    let negated = -&truth;
    assert_eq!(sparse_features::recovery_score(truth.view(), negated.view()).fraction_recovered, 0.0);
}

// ---------------------------------------------------------------- MNIST

/// The decompressed payload of the committed file.
fn bundled_payload() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/", "mnist-6000.bin.gz");
    let packed = std::fs::read(path).expect("data/mnist-6000.bin.gz is committed");
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut raw).unwrap();
    raw
}

#[test]
fn bundled_mnist_has_600_digits_per_class() {
    assert_eq!(mnist::BUNDLED_FILE, "mnist-6000.bin.gz");
    let digits = mnist::MnistDigits::load_bundled().unwrap();
    assert_eq!(digits.count(), 6000);
    assert_eq!((digits.rows, digits.cols), (28, 28));
    assert_eq!(digits.pixels.len(), 6000 * 784);
    assert_eq!(class_counts(&digits.labels), [600; 10]);
    // Interleaved by class, so any prefix is balanced.
    assert!(digits.labels.iter().enumerate().all(|(i, &l)| l as usize == i % 10));
    assert_eq!(digits.pixels.iter().copied().min(), Some(0));
    assert_eq!(digits.pixels.iter().copied().max(), Some(255));
    // Real digits: mostly background, some ink in every image.
    for i in 0..digits.count() {
        let ink = digits.image(i).iter().filter(|&&p| p > 128).count();
        assert!(ink > 10 && ink < 400, "digit {i} has {ink} ink pixels");
    }
    // Cached: the same digits every call.
    assert!(std::ptr::eq(digits, mnist::MnistDigits::load_bundled().unwrap()));
    assert_eq!(mnist::MnistDigits::parse(&bundled_payload()).unwrap(), *digits);
}

#[test]
fn mnist_subset_is_balanced_scaled_and_seeded() {
    let digits = mnist::MnistDigits::load_bundled().unwrap();
    let s = digits.subset(1000, 5).unwrap();
    assert_eq!(s.kind, DataKind::Mnist);
    assert_eq!(s.x.dim(), (1000, 784));
    assert_eq!(s.image_shape, Some((28, 28)));
    assert_eq!(s.column_names.len(), 784);
    assert_eq!((s.column_names[0].as_str(), s.column_names[783].as_str()), ("p0", "p783"));
    let labels = s.labels.as_ref().unwrap();
    assert_eq!(class_counts(labels), [100; 10]);
    assert_eq!(s.color.as_ref().unwrap(), &labels.iter().map(|&l| l as f32).collect::<Vec<_>>());
    assert!(s.x.iter().all(|&v| (0.0..=1.0).contains(&v)));
    assert!(s.x.iter().any(|&v| v == 1.0));

    assert_eq!(digits.subset(1000, 5).unwrap(), s);
    assert_ne!(digits.subset(1000, 6).unwrap().x, s.x);
    assert_eq!(class_counts(digits.subset(6000, 1).unwrap().labels.as_ref().unwrap()), [600; 10]);
    assert_eq!(class_counts(digits.subset(23, 1).unwrap().labels.as_ref().unwrap()), [3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);

    let too_many = digits.subset(6001, 1).unwrap_err();
    assert!(matches!(too_many, DataError::Mnist(_)));
    assert!(too_many.to_string().contains("only 6000"), "{too_many}");
    assert!(digits.subset(9, 1).unwrap_err().to_string().contains("at least 10"));
}

#[test]
fn mnist_parse_rejects_damaged_payloads() {
    let raw = bundled_payload();
    let err = |bytes: &[u8]| mnist::MnistDigits::parse(bytes).unwrap_err().to_string();

    assert!(err(&raw[..raw.len() - 100]).contains("truncated"));
    assert!(err(&raw[..12]).contains("too short"));
    assert!(err(&[]).contains("too short"));
    let mut extra = raw.clone();
    extra.push(0);
    assert!(err(&extra).contains("1 unexpected bytes"));
    let mut magic = raw.clone();
    magic[0] = b'X';
    assert!(err(&magic).contains("SAEMNIST"));
    let mut label = raw.clone();
    label[20 + 41] = 200;
    assert_eq!(err(&label), "MNIST data: digit 42 has the label 200, but labels must be 0 to 9.");
    let packed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/mnist-6000.bin.gz")).unwrap();
    assert!(err(&packed).contains("gzip"));
}

// ---------------------------------------------------------------- CSV

/// `n` rows of three numeric columns.
fn csv_rows(n: usize, sep: char) -> String {
    (0..n).map(|i| format!("{i}{sep}{}{sep}{}\n", (i * 7) % 5, (i as f64).sqrt())).collect()
}

fn csv_error(text: &str) -> String {
    csv::parse(text).unwrap_err().to_string()
}

#[test]
fn csv_with_and_without_header() {
    let plain = csv::parse(&csv_rows(20, ',')).unwrap();
    assert_eq!(plain.kind, DataKind::Csv);
    assert_eq!(plain.x.dim(), (20, 3));
    assert_eq!(plain.column_names, vec!["c1", "c2", "c3"]);

    let headed = csv::parse(&format!("width,\"height\", depth\n{}", csv_rows(20, ','))).unwrap();
    assert_eq!(headed.x.dim(), (20, 3));
    assert_eq!(headed.column_names, vec!["width", "height", "depth"]);
    // Same numbers, same standardized values.
    assert_eq!(headed.x, plain.x);
    for (mean, std) in column_stats(&headed) {
        assert!(mean.abs() < 1e-6 && (std - 1.0).abs() < 1e-5);
    }
}

#[test]
fn csv_semicolon_and_tab_separators() {
    let semicolon = csv::parse(&format!("a;b;c\n{}", csv_rows(20, ';'))).unwrap();
    assert_eq!(semicolon.column_names, vec!["a", "b", "c"]);
    assert_eq!(semicolon.x, csv::parse(&csv_rows(20, ',')).unwrap().x);
    let tab = csv::parse(&csv_rows(20, '\t')).unwrap();
    assert_eq!(tab.x.dim(), (20, 3));
}

#[test]
fn csv_errors_name_the_right_line() {
    // 1 header, 2 data, 3 blank, 4 data, 5 bad value.
    let text = format!("x,height,z\n1,2,3\n\n4,5,6\n7,abc,9\n{}", csv_rows(20, ','));
    let err = csv::parse(&text).unwrap_err();
    assert_eq!(
        err,
        DataError::CsvLine { line: 5, message: "\"abc\" in column 2 (\"height\") is not a number.".into() }
    );
    assert_eq!(err.to_string(), "CSV line 5: \"abc\" in column 2 (\"height\") is not a number.");

    // Windows line ends and several blank lines.
    let crlf = format!("x,y,z\r\n\r\n\r\n{}1,2\r\n", csv_rows(20, ',').replace('\n', "\r\n"));
    assert_eq!(
        csv_error(&crlf),
        "CSV line 24: this row has 2 values but the first row has 3; every row needs the same number."
    );
}

#[test]
fn csv_ragged_rows_and_non_numbers() {
    let ragged = format!("{}1,2,3,4\n", csv_rows(20, ','));
    assert!(csv_error(&ragged).contains("line 21: this row has 4 values but the first row has 3"));
    let nan = format!("a,b,c\n{}1,nan,3\n", csv_rows(20, ','));
    assert_eq!(
        csv_error(&nan),
        "CSV line 22: \"nan\" in column 2 (\"b\") is NaN (not a number); every value must be a finite number."
    );
    assert!(csv_error(&format!("{}inf,1,2\n", csv_rows(20, ','))).contains("\"inf\" in column 1 is infinite"));
    assert!(csv_error(&format!("{}1,,2\n", csv_rows(20, ','))).contains("column 2 is empty"));
}

#[test]
fn csv_size_limits() {
    assert!(csv_error(&csv_rows(10, ',')).contains("10 data rows, but at least 16"));
    let narrow: String = (0..30).map(|i| format!("{i}\n")).collect();
    assert!(csv_error(&narrow).contains("at least 2 numeric columns"));
    assert_eq!(csv_error(""), "CSV: the file is empty.");
    let huge = "1,2\n".repeat(csv::MAX_BYTES / 4 + 1);
    assert!(csv_error(&huge).contains("at most 20 MB"));
    let long = "1,2\n".repeat(csv::MAX_ROWS + 1);
    assert!(csv_error(&long).contains("at most 20000"));
    assert_eq!(csv::parse(&"1,2\n3,5\n".repeat(csv::MAX_ROWS / 2)).unwrap().len(), csv::MAX_ROWS);
}

#[test]
fn csv_label_column_is_not_trained_on() {
    let text: String = std::iter::once("x,y,z,Class\n".to_owned())
        .chain((0..30).map(|i| format!("{},{},{},{}\n", i, i * i % 11, 30 - i, i % 3)))
        .collect();
    let d = csv::parse(&text).unwrap();
    assert_eq!(d.x.dim(), (30, 3));
    assert_eq!(d.column_names, vec!["x", "y", "z"]);
    let labels = d.labels.as_ref().unwrap();
    assert_eq!(&labels[..6], &[0, 1, 2, 0, 1, 2]);
    assert_eq!(d.color.as_ref().unwrap()[..3], [0.0, 1.0, 2.0]);

    // A colour column beside the labels colours the points instead.
    let text: String = std::iter::once("label,a,b,color\n".to_owned())
        .chain((0..20).map(|i| format!("{},{},{},{}\n", i % 2, i, i * 3 % 7, i as f32 * 0.25)))
        .collect();
    let d = csv::parse(&text).unwrap();
    assert_eq!(d.column_names, vec!["a", "b"]);
    assert_eq!(d.labels.as_ref().unwrap()[..3], [0, 1, 0]);
    assert_eq!(d.color.as_ref().unwrap()[..3], [0.0, 0.25, 0.5]);
}

// ---------------------------------------------------------------- build

#[test]
fn build_every_kind() {
    let config = |dataset| Config { dataset, samples: 300, ..Config::default() };

    let roll = data::build(&config(DataKind::SwissRoll), Sources::default()).unwrap();
    assert_eq!(roll, swiss_roll::generate(300, 0.05, 1));

    let flat = data::build(&config(DataKind::Plane), Sources::default()).unwrap();
    assert_eq!((flat.kind, flat.x.dim()), (DataKind::Plane, (300, 3)));

    let sparse_config =
        Config { true_features: 20, feature_dim: 10, active_features: 2, ..config(DataKind::SparseFeatures) };
    let sparse = data::build(&sparse_config, Sources::default()).unwrap();
    assert_eq!(sparse.x.dim(), (300, 10));
    assert_eq!(sparse.truth.as_ref().unwrap().dim(), (20, 10));

    let digits = mnist::MnistDigits::load_bundled().unwrap();
    let missing = data::build(&config(DataKind::Mnist), Sources::default()).unwrap_err();
    assert!(matches!(missing, DataError::Missing(_)));
    let sources = Sources { mnist: Some(digits), csv: None };
    let mnist = data::build(&config(DataKind::Mnist), sources).unwrap();
    assert_eq!(mnist, digits.subset(300, 1).unwrap());

    assert!(matches!(data::build(&config(DataKind::Csv), Sources::default()), Err(DataError::Missing(_))));
    let table = csv::parse(&csv_rows(40, ',')).unwrap();
    let sources = Sources { mnist: None, csv: Some(&table) };
    assert_eq!(data::build(&config(DataKind::Csv), sources).unwrap(), table);
}
