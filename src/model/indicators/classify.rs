//! Classification of values into classes for a choropleth: quantiles, equal intervals, Jenks
//! natural breaks (exact optimum), mean ± standard deviation, Q6, manual breaks, and two
//! classifications symmetric around 0 for growth rates (a class boundary at 0 with an even
//! number of classes, a middle class centred on 0 with an odd one).
//! Missing values (NaN) are counted apart as "non disponible".

use serde::Serialize;

/// A classification method.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Method {
    Quantiles,
    EqualIntervals,
    /// Exact optimum of the within-class sum of squared deviations (optimal 1-D k-means).
    Jenks,
    /// Classes bounded at the mean plus multiples of one standard deviation, centred on the mean.
    StdDev,
    /// Six classes at the 5th, 25th, 50th, 75th and 95th percentiles.
    Q6,
    /// Equal intervals symmetric around 0, from −m to +m where m is the largest absolute value.
    SymmetricEqual,
    /// Breaks symmetric around 0 at the quantiles of the absolute values: each side's classes
    /// hold values of the same size of change, and the tails do not squeeze the middle.
    SymmetricQuantiles,
    /// Inner breaks typed by the user.
    Manual(Vec<f64>),
    /// Every bound of an earlier classification (minimum and maximum included), kept when the
    /// indicator or the data change; the outer bounds widen to take in values beyond them.
    Frozen(Vec<f64>),
}

/// The classification method a user picks (settings, saved views, command line): a [`Method`]
/// without its data. Written in files by its id (`quantiles`, `equal`, `jenks`, `stddev`,
/// `q6`, `manual`); an unknown id read from an older or edited file falls back to Jenks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MethodChoice {
    Quantiles,
    EqualIntervals,
    #[default]
    Jenks,
    StdDev,
    Q6,
    SymmetricEqual,
    SymmetricQuantiles,
    Manual,
}

impl MethodChoice {
    pub const ALL: [MethodChoice; 8] = [
        MethodChoice::Jenks,
        MethodChoice::Quantiles,
        MethodChoice::EqualIntervals,
        MethodChoice::StdDev,
        MethodChoice::Q6,
        MethodChoice::SymmetricEqual,
        MethodChoice::SymmetricQuantiles,
        MethodChoice::Manual,
    ];

    pub fn id(self) -> &'static str {
        match self {
            MethodChoice::Quantiles => "quantiles",
            MethodChoice::EqualIntervals => "equal",
            MethodChoice::Jenks => "jenks",
            MethodChoice::StdDev => "stddev",
            MethodChoice::Q6 => "q6",
            MethodChoice::SymmetricEqual => "symmetric",
            MethodChoice::SymmetricQuantiles => "symmetric-quantiles",
            MethodChoice::Manual => "manual",
        }
    }

    pub fn from_id(id: &str) -> Option<MethodChoice> {
        Self::ALL.into_iter().find(|m| m.id() == id)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            MethodChoice::Manual => "Seuils manuels",
            other => other.method(&[]).label_fr(),
        }
    }

    /// The method, given the breaks typed for [`MethodChoice::Manual`].
    pub fn method(self, manual_breaks: &[f64]) -> Method {
        match self {
            MethodChoice::Quantiles => Method::Quantiles,
            MethodChoice::EqualIntervals => Method::EqualIntervals,
            MethodChoice::Jenks => Method::Jenks,
            MethodChoice::StdDev => Method::StdDev,
            MethodChoice::Q6 => Method::Q6,
            MethodChoice::SymmetricEqual => Method::SymmetricEqual,
            MethodChoice::SymmetricQuantiles => Method::SymmetricQuantiles,
            MethodChoice::Manual => Method::Manual(manual_breaks.to_vec()),
        }
    }

    /// Whether the method decides the number of classes itself (Q6: six).
    pub fn fixed_classes(self) -> Option<usize> {
        (self == MethodChoice::Q6).then_some(6)
    }
}

impl serde::Serialize for MethodChoice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for MethodChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Ok(MethodChoice::from_id(&id).unwrap_or_default())
    }
}

/// Q6 said with what it is: six classes holding 5, 20, 25, 25, 20 and 5 % of the units.
pub const Q6_LABEL: &str = "Q6 (6 classes : 5, 20, 25, 25, 20 et 5\u{A0}% des unités)";

impl Method {
    pub fn label_fr(&self) -> &'static str {
        match self {
            Method::Quantiles => "Quantiles",
            Method::EqualIntervals => "Intervalles égaux",
            Method::Jenks => "Seuils naturels (Jenks)",
            Method::StdDev => "Moyenne et écart type",
            Method::Q6 => Q6_LABEL,
            Method::SymmetricEqual => "Intervalles égaux symétriques autour de 0",
            Method::SymmetricQuantiles => "Quantiles des écarts à 0 (symétriques)",
            Method::Manual(_) => "Seuils manuels",
            Method::Frozen(_) => "Seuils figés",
        }
    }

    /// From the command-line id (`quantiles|equal|jenks|stddev|q6|symmetric|symmetric-quantiles`);
    /// manual needs its breaks.
    pub fn from_id(id: &str) -> Option<Method> {
        Some(match id {
            "quantiles" => Method::Quantiles,
            "equal" => Method::EqualIntervals,
            "jenks" => Method::Jenks,
            "stddev" => Method::StdDev,
            "q6" => Method::Q6,
            "symmetric" => Method::SymmetricEqual,
            "symmetric-quantiles" => Method::SymmetricQuantiles,
            _ => return None,
        })
    }

    /// Whether the breaks are symmetric around 0 (for values read against 0).
    pub fn is_symmetric_around_zero(&self) -> bool {
        matches!(self, Method::SymmetricEqual | Method::SymmetricQuantiles)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassifyError {
    #[error("le nombre de classes doit être compris entre 2 et 9 (reçu : {0})")]
    ClassCount(usize),
    #[error("aucune valeur disponible à classer")]
    NoValues,
    #[error("{distinct} valeur(s) distincte(s) seulement : impossible de former {k} classes")]
    TooFewDistinct { distinct: usize, k: usize },
    #[error("seuils manuels invalides : {0}")]
    Manual(String),
}

/// The result: `breaks` has one more entry than there are classes (minimum first, maximum
/// last); class `i` holds the values in `(breaks[i], breaks[i + 1]]`, the first class also its
/// minimum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Classification {
    pub breaks: Vec<f64>,
    pub counts: Vec<usize>,
    /// Values that were not finite ("non disponible").
    pub missing: usize,
}

impl Classification {
    pub fn class_count(&self) -> usize {
        self.breaks.len().saturating_sub(1)
    }

    /// The class of a value, None when missing or outside the breaks.
    pub fn class_of(&self, v: f64) -> Option<usize> {
        if !v.is_finite() {
            return None;
        }
        let (first, last) = (*self.breaks.first()?, *self.breaks.last()?);
        if v < first || v > last {
            return None;
        }
        // First inner break >= v.
        let inner = &self.breaks[1..self.breaks.len() - 1];
        Some(inner.partition_point(|&b| b < v))
    }

    fn from_breaks(breaks: Vec<f64>, sorted: &[f64], missing: usize) -> Self {
        let mut c = Classification {
            counts: vec![0; breaks.len().saturating_sub(1)],
            breaks,
            missing,
        };
        for &v in sorted {
            if let Some(i) = c.class_of(v) {
                c.counts[i] += 1;
            }
        }
        c
    }
}

/// [`classify`], but when the values have fewer distinct values than the `k` classes asked (and
/// at least two), one class per distinct value and a French note saying so, instead of an error.
pub fn classify_or_fewer(
    values: &[f64],
    method: &Method,
    k: usize,
) -> Result<(Classification, Option<String>), ClassifyError> {
    match classify(values, method, k) {
        Ok(c) => Ok((c, None)),
        Err(ClassifyError::TooFewDistinct { distinct, k }) if distinct >= 2 => {
            let c = classify(values, method, distinct)?;
            let note = format!(
                "{distinct} valeurs distinctes seulement : {distinct} classes au lieu de {k}"
            );
            Ok((c, Some(note)))
        }
        Err(e) => Err(e),
    }
}

/// Classifies the finite values into `k` classes (2 to 9; Q6 always makes 6).
pub fn classify(
    values: &[f64],
    method: &Method,
    k: usize,
) -> Result<Classification, ClassifyError> {
    let k = if *method == Method::Q6 { 6 } else { k };
    if !(2..=9).contains(&k) && !matches!(method, Method::Manual(_) | Method::Frozen(_)) {
        return Err(ClassifyError::ClassCount(k));
    }
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let missing = values.len() - sorted.len();
    if sorted.is_empty() {
        return Err(ClassifyError::NoValues);
    }
    sorted.sort_by(f64::total_cmp);
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    if method.is_symmetric_around_zero() {
        let breaks = symmetric_breaks(&sorted, method, k)?;
        return Ok(Classification::from_breaks(breaks, &sorted, missing));
    }
    if let Method::Frozen(bounds) = method {
        if !(3..=10).contains(&bounds.len())
            || bounds.windows(2).any(|w| w[0] >= w[1])
            || bounds.iter().any(|b| !b.is_finite())
        {
            return Err(ClassifyError::Manual(
                "seuils figés invalides : 3 à 10 bornes strictement croissantes attendues".into(),
            ));
        }
        let mut breaks = bounds.clone();
        if let Some(first) = breaks.first_mut() {
            *first = first.min(min);
        }
        if let Some(last) = breaks.last_mut() {
            *last = last.max(max);
        }
        return Ok(Classification::from_breaks(breaks, &sorted, missing));
    }
    let inner: Vec<f64> = match method {
        Method::Quantiles => (1..k)
            .map(|i| quantile(&sorted, i as f64 / k as f64))
            .collect(),
        Method::EqualIntervals => (1..k)
            .map(|i| min + (max - min) * i as f64 / k as f64)
            .collect(),
        Method::Q6 => [0.05, 0.25, 0.5, 0.75, 0.95]
            .iter()
            .map(|&p| quantile(&sorted, p))
            .collect(),
        Method::StdDev => {
            let n = sorted.len() as f64;
            let mean = sorted.iter().sum::<f64>() / n;
            let sd = (sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
            (1..k)
                .map(|j| (mean + (j as f64 - k as f64 / 2.0) * sd).clamp(min, max))
                .collect()
        }
        Method::Jenks => {
            let distinct = {
                let mut d = sorted.clone();
                d.dedup();
                d.len()
            };
            if distinct < k {
                return Err(ClassifyError::TooFewDistinct { distinct, k });
            }
            jenks_inner_breaks(&sorted, k)
        }
        Method::Manual(breaks) => {
            if !(1..=8).contains(&breaks.len()) {
                return Err(ClassifyError::Manual(format!(
                    "entre 1 et 8 seuils intérieurs attendus, {} reçus",
                    breaks.len()
                )));
            }
            if breaks.windows(2).any(|w| w[0] >= w[1]) || breaks.iter().any(|b| !b.is_finite()) {
                return Err(ClassifyError::Manual(
                    "les seuils doivent être des nombres strictement croissants".into(),
                ));
            }
            if breaks.iter().any(|&b| b <= min || b >= max) {
                return Err(ClassifyError::Manual(format!(
                    "chaque seuil doit être strictement entre le minimum ({min}) et le maximum ({max})"
                )));
            }
            breaks.clone()
        }
        Method::Frozen(_) | Method::SymmetricEqual | Method::SymmetricQuantiles => Vec::new(),
    };
    let mut breaks = Vec::with_capacity(inner.len() + 2);
    breaks.push(min);
    breaks.extend(inner);
    breaks.push(max);
    let c = Classification::from_breaks(breaks, &sorted, missing);
    match method {
        // Bounds at the mean ± multiples of the standard deviation fall outside the data
        // (clamped to it) or between two values: such classes would be empty or zero-wide.
        Method::StdDev => without_empty_classes(c, &sorted, k),
        // Tied values give equal quantiles: zero-wide classes.
        Method::Quantiles | Method::Q6 => without_zero_width_classes(c, &sorted, k),
        _ => Ok(c),
    }
}

/// Drops the inner bounds that repeat the one before them (or the maximum).
fn distinct_breaks(breaks: &[f64]) -> Vec<f64> {
    let (Some(&first), Some(&last)) = (breaks.first(), breaks.last()) else {
        return breaks.to_vec();
    };
    let mut out = vec![first];
    for &b in breaks.iter().skip(1).take(breaks.len().saturating_sub(2)) {
        if out.last().is_some_and(|&p| b > p) && b < last {
            out.push(b);
        }
    }
    out.push(last);
    out
}

/// What the method had to merge to give usable classes (fewer classes than asked), in
/// French, for the legend: "classes vides ou de largeur nulle fusionnées : 4 classes au lieu
/// de 6".
pub fn merge_note(method: &Method, asked: usize, c: &Classification) -> Option<String> {
    let what = match method {
        Method::StdDev => "classes vides ou de largeur nulle",
        Method::Quantiles | Method::Q6 => "classes de largeur nulle",
        _ => return None,
    };
    let asked = if *method == Method::Q6 { 6 } else { asked };
    let got = c.class_count();
    (got < asked).then(|| format!("{what} fusionnées : {got} classes au lieu de {asked}"))
}

fn without_zero_width_classes(
    c: Classification,
    sorted: &[f64],
    k: usize,
) -> Result<Classification, ClassifyError> {
    let out = Classification::from_breaks(distinct_breaks(&c.breaks), sorted, c.missing);
    if out.class_count() < 2 {
        return Err(too_few(sorted, k));
    }
    Ok(out)
}

/// Merges zero-wide classes, then every empty class into its upper neighbour (the last one
/// into its lower neighbour), and says so.
fn without_empty_classes(
    c: Classification,
    sorted: &[f64],
    k: usize,
) -> Result<Classification, ClassifyError> {
    let mut breaks = distinct_breaks(&c.breaks);
    loop {
        let tidy = Classification::from_breaks(breaks.clone(), sorted, c.missing);
        let Some(empty) = tidy.counts.iter().position(|&n| n == 0) else {
            break;
        };
        let drop = if empty + 1 < tidy.class_count() {
            empty + 1
        } else {
            empty
        };
        if drop == 0 || drop + 1 >= breaks.len() {
            break;
        }
        breaks.remove(drop);
    }
    let out = Classification::from_breaks(breaks, sorted, c.missing);
    if out.class_count() < 2 {
        return Err(too_few(sorted, k));
    }
    Ok(out)
}

fn too_few(sorted: &[f64], k: usize) -> ClassifyError {
    let mut d = sorted.to_vec();
    d.dedup();
    ClassifyError::TooFewDistinct {
        distinct: d.len(),
        k,
    }
}

/// Every bound (−m first, +m last, m the largest absolute value) of a classification symmetric
/// around 0: bound `i` is the opposite of bound `k − i`. With an even `k`, 0 is a bound; with an
/// odd one, the middle class is centred on 0. The magnitudes `0 < a₁ < … < m` are equal steps of
/// m (`SymmetricEqual`) or quantiles of the absolute values (`SymmetricQuantiles`), one per class
/// on each side (the middle class of an odd `k` counts as one on both sides).
fn symmetric_breaks(sorted: &[f64], method: &Method, k: usize) -> Result<Vec<f64>, ClassifyError> {
    let mut magnitudes: Vec<f64> = sorted.iter().map(|v| v.abs()).collect();
    magnitudes.sort_by(f64::total_cmp);
    let m = magnitudes.last().copied().unwrap_or(0.0);
    let distinct = {
        let mut d = sorted.to_vec();
        d.dedup();
        d.len()
    };
    if m == 0.0 {
        return Err(ClassifyError::TooFewDistinct { distinct, k });
    }
    // Classes on each side, the middle one of an odd k shared: k = 2·side or 2·side − 1.
    let side = k.div_ceil(2);
    // Positive bounds a₁ < … < a_side = m; with an even k the bounds are 0 and ±a.
    let positive: Vec<f64> = (1..=side)
        .map(|i| {
            let p = if k.is_multiple_of(2) {
                i as f64 / side as f64
            } else {
                // The middle class [−a₁, a₁] is half a class on each side.
                (2 * i - 1) as f64 / (2 * side - 1) as f64
            };
            match method {
                Method::SymmetricQuantiles if i < side => quantile(&magnitudes, p),
                _ => m * p,
            }
        })
        .collect();
    let mut breaks: Vec<f64> = positive.iter().rev().map(|a| -a).collect();
    if k.is_multiple_of(2) {
        breaks.push(0.0);
    }
    breaks.extend(positive);
    if breaks.windows(2).any(|w| w[0] >= w[1]) {
        return Err(ClassifyError::TooFewDistinct { distinct, k });
    }
    Ok(breaks)
}

/// Linear-interpolation quantile of sorted values (Hyndman & Fan type 7, as R and NumPy).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Prefix sums of centred values and their squares: the cost of any run in O(1).
struct Costs {
    s1: Vec<f64>,
    s2: Vec<f64>,
}

impl Costs {
    fn new(sorted: &[f64]) -> Self {
        let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
        let mut s1 = Vec::with_capacity(sorted.len() + 1);
        let mut s2 = Vec::with_capacity(sorted.len() + 1);
        let (mut a, mut b) = (0.0, 0.0);
        s1.push(0.0);
        s2.push(0.0);
        for &v in sorted {
            let c = v - mean;
            a += c;
            b += c * c;
            s1.push(a);
            s2.push(b);
        }
        Costs { s1, s2 }
    }

    /// Sum of squared deviations of `sorted[i..j]` from their mean.
    fn cost(&self, i: usize, j: usize) -> f64 {
        if j <= i + 1 {
            return 0.0;
        }
        let s = self.s1[j] - self.s1[i];
        ((self.s2[j] - self.s2[i]) - s * s / (j - i) as f64).max(0.0)
    }
}

/// Exact Jenks: dynamic programme over classes, each layer computed by divide and conquer over
/// the monotone optimal split points (O(k·n·log n)). Returns the k-1 inner breaks (the upper
/// value of each class but the last).
fn jenks_inner_breaks(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let costs = Costs::new(sorted);
    // prev[j]: best cost of the first j values in m classes.
    let mut prev: Vec<f64> = (0..=n).map(|j| costs.cost(0, j)).collect();
    let mut splits: Vec<Vec<usize>> = Vec::with_capacity(k - 1);
    for m in 2..=k {
        let mut cur = vec![f64::INFINITY; n + 1];
        let mut arg = vec![0usize; n + 1];
        // Stack of (lo, hi, opt_lo, opt_hi) on j in [lo, hi].
        let mut stack = vec![(m, n, m - 1, n - 1)];
        while let Some((lo, hi, olo, ohi)) = stack.pop() {
            if lo > hi {
                continue;
            }
            let mid = (lo + hi) / 2;
            let mut best = (f64::INFINITY, olo);
            let last = ohi.min(mid - 1);
            for (i, &p) in prev.iter().enumerate().take(last + 1).skip(olo) {
                let c = p + costs.cost(i, mid);
                if c < best.0 {
                    best = (c, i);
                }
            }
            cur[mid] = best.0;
            arg[mid] = best.1;
            if mid > lo {
                stack.push((lo, mid - 1, olo, best.1));
            }
            stack.push((mid + 1, hi, best.1, ohi));
        }
        splits.push(arg);
        prev = cur;
    }
    // Walk back: the last class starts at splits[k-2][n], and so on.
    let mut ends = Vec::with_capacity(k - 1);
    let mut j = n;
    for m in (0..k - 1).rev() {
        let i = splits[m][j];
        ends.push(i);
        j = i;
    }
    ends.reverse();
    ends.into_iter().map(|e| sorted[e - 1]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_distinct_values_fall_back_to_fewer_classes_with_a_note() {
        let values = [1.0, 1.0, 2.0, 3.0, 3.0, 4.0, f64::NAN];
        assert_eq!(
            classify(&values, &Method::Jenks, 5),
            Err(ClassifyError::TooFewDistinct { distinct: 4, k: 5 })
        );
        let (c, note) = classify_or_fewer(&values, &Method::Jenks, 5).expect("fallback");
        assert_eq!(c.class_count(), 4);
        assert_eq!(c.counts, [2, 1, 2, 1]);
        assert_eq!(c.missing, 1);
        assert_eq!(
            note.as_deref(),
            Some("4 valeurs distinctes seulement : 4 classes au lieu de 5")
        );
        let (c, note) =
            classify_or_fewer(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &Method::Jenks, 5).expect("ok");
        assert_eq!((c.class_count(), note), (5, None));
        // A single value cannot be classified at all: still an error.
        assert_eq!(
            classify_or_fewer(&[7.0, 7.0], &Method::Jenks, 5),
            Err(ClassifyError::TooFewDistinct { distinct: 1, k: 5 })
        );
    }

    fn check_invariants(values: &[f64], c: &Classification) {
        assert!(c.breaks.windows(2).all(|w| w[0] <= w[1]), "{:?}", c.breaks);
        let finite = values.iter().filter(|v| v.is_finite()).count();
        assert_eq!(c.counts.iter().sum::<usize>(), finite);
        assert_eq!(c.missing, values.len() - finite);
        for &v in values.iter().filter(|v| v.is_finite()) {
            assert!(c.class_of(v).is_some());
        }
    }

    #[test]
    fn jenks_finds_obvious_groups() {
        let v = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        let c = classify(&v, &Method::Jenks, 3).expect("jenks");
        assert_eq!(c.breaks, vec![1.0, 3.0, 12.0, 22.0]);
        assert_eq!(c.counts, vec![3, 3, 3]);
    }

    /// Brute-force Fisher DP, O(k·n²): the reference objective.
    fn brute_force_cost(sorted: &[f64], k: usize) -> f64 {
        let n = sorted.len();
        let costs = Costs::new(sorted);
        let mut prev: Vec<f64> = (0..=n).map(|j| costs.cost(0, j)).collect();
        for m in 2..=k {
            let mut cur = vec![f64::INFINITY; n + 1];
            for (j, slot) in cur.iter_mut().enumerate().skip(m) {
                for (i, &p) in prev.iter().enumerate().take(j).skip(m - 1) {
                    *slot = slot.min(p + costs.cost(i, j));
                }
            }
            prev = cur;
        }
        prev[n]
    }

    fn sse(sorted: &[f64], c: &Classification) -> f64 {
        let mut total = 0.0;
        for class in 0..c.class_count() {
            let members: Vec<f64> = sorted
                .iter()
                .copied()
                .filter(|&v| c.class_of(v) == Some(class))
                .collect();
            if members.is_empty() {
                continue;
            }
            let m = members.iter().sum::<f64>() / members.len() as f64;
            total += members.iter().map(|v| (v - m).powi(2)).sum::<f64>();
        }
        total
    }

    #[test]
    fn jenks_is_the_exact_optimum_on_random_inputs() {
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as f64 / (1u64 << 31) as f64).powi(3) * 1000.0
        };
        for n in [10, 37, 120] {
            let mut v: Vec<f64> = (0..n).map(|_| next()).collect();
            v.sort_by(f64::total_cmp);
            for k in 2..=6 {
                let c = classify(&v, &Method::Jenks, k).expect("jenks");
                let best = brute_force_cost(&v, k);
                let got = sse(&v, &c);
                assert!(
                    (got - best).abs() <= 1e-6 * best.max(1.0),
                    "n={n} k={k}: {got} vs {best}"
                );
                check_invariants(&v, &c);
            }
        }
    }

    #[test]
    fn quantiles_equal_and_q6() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let q = classify(&v, &Method::Quantiles, 4).expect("quantiles");
        assert_eq!(q.counts, vec![25, 25, 25, 25]);
        let e = classify(&v, &Method::EqualIntervals, 3).expect("equal");
        assert_eq!(e.breaks, vec![1.0, 34.0, 67.0, 100.0]);
        assert_eq!(e.counts, vec![34, 33, 33]);
        let q6 = classify(&v, &Method::Q6, 0).expect("q6");
        assert_eq!(q6.class_count(), 6);
        assert_eq!(q6.counts, vec![5, 20, 25, 25, 20, 5]);
        for c in [&q, &e, &q6] {
            check_invariants(&v, c);
        }
    }

    #[test]
    fn stddev_classes_are_centred_on_the_mean() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let c = classify(&v, &Method::StdDev, 4).expect("stddev");
        assert_eq!(c.breaks[2], 4.0, "middle break at the mean");
        check_invariants(&v, &c);
    }

    #[test]
    fn stddev_never_gives_empty_or_zero_width_classes() {
        // Skewed data: mean ± k·sd runs past the minimum, the clamp stacks bounds on it.
        let mut v: Vec<f64> = vec![0.0; 40];
        v.extend([1.0, 2.0, 3.0, 50.0, 120.0]);
        for k in 2..=9 {
            let c = classify(&v, &Method::StdDev, k).expect("stddev");
            check_invariants(&v, &c);
            assert!(
                c.breaks.windows(2).all(|w| w[0] < w[1]),
                "k={k}: {:?}",
                c.breaks
            );
            assert!(c.counts.iter().all(|&n| n > 0), "k={k}: {:?}", c.counts);
            assert!(c.class_count() >= 2);
            if c.class_count() < k {
                let note = merge_note(&Method::StdDev, k, &c).expect("the legend says so");
                assert!(note.contains("fusionnées"), "{note}");
                assert!(note.contains(&format!("au lieu de {k}")), "{note}");
            } else {
                assert_eq!(merge_note(&Method::StdDev, k, &c), None);
            }
        }
        // Before the fix, 6 classes on these values had empty and zero-wide classes.
        let six = classify(&v, &Method::StdDev, 6).expect("stddev");
        assert!(six.class_count() < 6, "{:?}", six.breaks);
        // Identical values cannot make two classes.
        assert!(matches!(
            classify(&[3.0, 3.0, 3.0], &Method::StdDev, 4),
            Err(ClassifyError::TooFewDistinct { distinct: 1, k: 4 })
        ));
    }

    #[test]
    fn tied_quantiles_are_merged() {
        let mut v = vec![0.0; 30];
        v.extend((1..=10).map(f64::from));
        let c = classify(&v, &Method::Quantiles, 5).expect("quantiles");
        check_invariants(&v, &c);
        assert!(c.breaks.windows(2).all(|w| w[0] < w[1]), "{:?}", c.breaks);
        assert!(merge_note(&Method::Quantiles, 5, &c).is_some_and(|n| n.contains("largeur nulle")));
    }

    #[test]
    fn frozen_bounds_are_kept_and_widened_to_new_data() {
        let c = classify(
            &[5.0, 15.0, 25.0],
            &Method::Frozen(vec![0.0, 10.0, 20.0, 30.0]),
            0,
        )
        .expect("frozen");
        assert_eq!(c.breaks, vec![0.0, 10.0, 20.0, 30.0]);
        assert_eq!(c.counts, vec![1, 1, 1]);
        let wider = classify(
            &[-5.0, 12.0, 45.0, 50.0],
            &Method::Frozen(vec![0.0, 10.0, 20.0, 30.0]),
            0,
        )
        .expect("frozen");
        assert_eq!(wider.breaks, vec![-5.0, 10.0, 20.0, 50.0]);
        assert_eq!(wider.counts, vec![1, 1, 2]);
        check_invariants(&[-5.0, 12.0, 45.0, 50.0], &wider);
        assert!(classify(&[1.0, 2.0], &Method::Frozen(vec![3.0, 1.0, 5.0]), 0).is_err());
    }

    fn is_symmetric(breaks: &[f64]) -> bool {
        let n = breaks.len();
        (0..n).all(|i| (breaks[i] + breaks[n - 1 - i]).abs() < 1e-12)
    }

    #[test]
    fn symmetric_equal_intervals_have_a_bound_at_zero_for_even_counts() {
        let v = [-1.0, -0.5, 0.2, 1.0, 2.0, 4.0];
        let c = classify(&v, &Method::SymmetricEqual, 4).expect("symmetric");
        assert_eq!(c.breaks, vec![-4.0, -2.0, 0.0, 2.0, 4.0]);
        assert_eq!(c.counts, vec![0, 2, 3, 1]);
        check_invariants(&v, &c);
        // Odd: the middle class is centred on 0.
        let c = classify(&v, &Method::SymmetricEqual, 5).expect("symmetric");
        assert!(is_symmetric(&c.breaks), "{:?}", c.breaks);
        assert!((c.breaks[2] + 0.8).abs() < 1e-12 && (c.breaks[3] - 0.8).abs() < 1e-12);
        assert_eq!(c.class_of(0.0), Some(2));
        check_invariants(&v, &c);
    }

    #[test]
    fn symmetric_quantiles_split_the_absolute_values() {
        // |v|: 1..=8, each sign present; quantiles of |v| at 1/2 = 4.5.
        let v = [-8.0, -3.0, -2.0, 1.0, 4.0, 5.0, 6.0, 7.0];
        let c = classify(&v, &Method::SymmetricQuantiles, 4).expect("symmetric");
        assert_eq!(c.breaks, vec![-8.0, -4.5, 0.0, 4.5, 8.0]);
        assert_eq!(c.counts, vec![1, 2, 2, 3]);
        check_invariants(&v, &c);
        for k in 2..=9 {
            let c = classify(&v, &Method::SymmetricQuantiles, k).expect("symmetric");
            assert_eq!(c.class_count(), k);
            assert!(is_symmetric(&c.breaks), "k={k}: {:?}", c.breaks);
            assert_eq!(c.breaks.contains(&0.0), k.is_multiple_of(2), "k={k}");
            if !k.is_multiple_of(2) {
                assert_eq!(c.class_of(0.0), Some(k / 2), "k={k}: middle class holds 0");
            }
            check_invariants(&v, &c);
        }
        // Negative values fall below 0, positive ones above, whatever k.
        let c = classify(&v, &Method::SymmetricQuantiles, 6).expect("symmetric");
        for &x in &v {
            let class = c.class_of(x).expect("classed");
            assert_eq!(class < 3, x < 0.0, "{x} in class {class}");
        }
    }

    #[test]
    fn symmetric_methods_need_a_value_other_than_zero() {
        assert!(matches!(
            classify(&[0.0, 0.0], &Method::SymmetricEqual, 4),
            Err(ClassifyError::TooFewDistinct { .. })
        ));
        // Half the values at 0: the first magnitude quantile is 0, no class can be formed.
        assert!(matches!(
            classify(&[0.0, 0.0, 0.0, 1.0], &Method::SymmetricQuantiles, 5),
            Err(ClassifyError::TooFewDistinct { .. })
        ));
    }

    #[test]
    fn symmetric_choices_map_to_symmetric_methods() {
        for (id, m) in [
            ("symmetric", Method::SymmetricEqual),
            ("symmetric-quantiles", Method::SymmetricQuantiles),
        ] {
            let choice = MethodChoice::from_id(id).expect("choice");
            assert_eq!(choice.method(&[]), m);
            assert!(m.is_symmetric_around_zero());
            assert_eq!(Method::from_id(id), Some(m));
        }
        assert!(!Method::Jenks.is_symmetric_around_zero());
    }

    #[test]
    fn missing_values_are_counted_apart() {
        let v = [1.0, f64::NAN, 2.0, 3.0, 4.0];
        let c = classify(&v, &Method::EqualIntervals, 2).expect("equal");
        assert_eq!(c.missing, 1);
        assert_eq!(c.counts.iter().sum::<usize>(), 4);
        assert_eq!(c.class_of(f64::NAN), None);
    }

    #[test]
    fn errors_are_reported_in_french() {
        let v = [1.0, 2.0, 3.0];
        assert_eq!(
            classify(&v, &Method::Jenks, 1),
            Err(ClassifyError::ClassCount(1))
        );
        assert_eq!(
            classify(&[1.0, 1.0, 2.0], &Method::Jenks, 3),
            Err(ClassifyError::TooFewDistinct { distinct: 2, k: 3 })
        );
        assert_eq!(
            classify(&[f64::NAN], &Method::Quantiles, 2),
            Err(ClassifyError::NoValues)
        );
        assert!(classify(&v, &Method::Manual(vec![2.5, 2.0]), 0).is_err());
        assert!(classify(&v, &Method::Manual(vec![5.0]), 0).is_err());
        let m = classify(&v, &Method::Manual(vec![1.5, 2.5]), 0).expect("manual");
        assert_eq!(m.counts, vec![1, 1, 1]);
        let msg = ClassifyError::ClassCount(12).to_string();
        assert!(msg.contains("entre 2 et 9"));
    }
}

#[cfg(test)]
mod method_choice_tests {
    use super::*;

    #[test]
    fn choices_are_written_by_id_and_unknown_ids_fall_back() {
        for m in MethodChoice::ALL {
            let json = serde_json::to_string(&m).expect("json");
            assert_eq!(json, format!("\"{}\"", m.id()));
            let back: MethodChoice = serde_json::from_str(&json).expect("back");
            assert_eq!(back, m);
        }
        let old: MethodChoice = serde_json::from_str("\"natural-breaks\"").expect("tolerant");
        assert_eq!(old, MethodChoice::Jenks);
        assert_eq!(
            MethodChoice::Manual.method(&[1.0]),
            Method::Manual(vec![1.0])
        );
        assert_eq!(MethodChoice::Q6.fixed_classes(), Some(6));
    }
}
