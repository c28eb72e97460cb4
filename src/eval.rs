//! Measuring the classifier against labelled reviews: per-tag precision, recall and F1,
//! micro and macro F1, and the most common confusions. (Placeholder until the classifier work lands.)
