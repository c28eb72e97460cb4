//! Guessing a page's review cards from what it shows, not from its class names: the repeated
//! element (siblings under one parent) each of which holds a date and some free text, as a
//! person would point at them. Pure: the browser layer flattens the document into a tree of
//! nodes with the lines (see `text_markers`) each subtree holds, and this picks the cards.
//!
//! The pick is deterministic: the same tree always gives the same cards (ties go to the earlier
//! parent in document order; nothing depends on class names or hashes).

use crate::text_markers::{find_date, line_kind, rating_word, LineKind};
use std::ops::Range;

/// One element of the flattened document, in pre-order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Node {
    pub parent: Option<usize>,
    /// The lines (indexes into the line list) inside this element's subtree.
    pub lines: Range<usize>,
    /// Star icons in the subtree (`img[alt="star"]`, Beast Core's filled star).
    pub stars: usize,
}

/// What one line tells about a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineFacts {
    pub date: bool,
    pub content: bool,
    /// A rating word or a review marker (评价时间, 初次评价, 主评ID, 追评, 已购).
    pub review: bool,
}

const REVIEW_MARKERS: &[&str] = &["评价时间", "初次评价", "主评ID", "追评", "已购"];

pub fn facts(line: &str) -> LineFacts {
    let kind = line_kind(line);
    LineFacts {
        date: find_date(line).is_some(),
        content: kind == LineKind::Content,
        review: rating_word(line).is_some() || REVIEW_MARKERS.iter().any(|m| line.contains(m)),
    }
}

/// The cards: node indexes of the best group of siblings, in document order; `None` when no
/// parent has two children that each hold a date and free text, at least one of them with
/// something only reviews show (a rating word, a review marker, star icons). A list of dated
/// notices is not a review list.
pub fn choose(nodes: &[Node], lines: &[LineFacts]) -> Option<Vec<usize>> {
    let sum = |f: fn(&LineFacts) -> bool| {
        let mut acc = vec![0usize; lines.len() + 1];
        for (i, l) in lines.iter().enumerate() {
            acc[i + 1] = acc[i] + usize::from(f(l));
        }
        acc
    };
    let (dates, contents, reviews) = (sum(|l| l.date), sum(|l| l.content), sum(|l| l.review));
    let count = |acc: &[usize], r: &Range<usize>| acc[r.end.min(lines.len())] - acc[r.start.min(r.end).min(lines.len())];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        if let Some(p) = n.parent.filter(|&p| p < nodes.len()) {
            children[p].push(i);
        }
    }
    // Score: members, plus members that look like reviews (a rating word, a review marker);
    // then the finer group (fewer dates per member); then document order.
    type Score = (usize, std::cmp::Reverse<usize>);
    let mut best: Option<(Score, Vec<usize>)> = None;
    for kids in &children {
        let members: Vec<usize> = kids.iter().copied().filter(|&c| count(&dates, &nodes[c].lines) > 0 && count(&contents, &nodes[c].lines) > 0).collect();
        if members.len() < 2 {
            continue;
        }
        let review_like = members.iter().filter(|&&c| count(&reviews, &nodes[c].lines) > 0 || nodes[c].stars > 0).count();
        if review_like == 0 {
            continue;
        }
        let per_member = members.iter().map(|&c| count(&dates, &nodes[c].lines)).sum::<usize>() * 100 / members.len();
        let score = (members.len() + review_like, std::cmp::Reverse(per_member));
        if best.as_ref().map_or(true, |(s, _)| score > *s) {
            best = Some((score, members));
        }
    }
    best.map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a tree from (depth, lines) in pre-order: each entry's lines are its own.
    fn tree(spec: &[(usize, &[&str])]) -> (Vec<Node>, Vec<LineFacts>) {
        let mut nodes: Vec<Node> = Vec::new();
        let mut lines = Vec::new();
        let mut stack: Vec<(usize, usize)> = Vec::new(); // (depth, node)
        for (depth, own) in spec {
            while stack.last().is_some_and(|(d, _)| d >= depth) {
                stack.pop();
            }
            let parent = stack.last().map(|(_, n)| *n);
            let start = lines.len();
            lines.extend(own.iter().map(|l| facts(l)));
            nodes.push(Node { parent, lines: start..lines.len(), stars: 0 });
            // Every ancestor's range grows to cover this subtree.
            for &(_, a) in &stack {
                nodes[a].lines.end = lines.len();
            }
            stack.push((*depth, nodes.len() - 1));
        }
        (nodes, lines)
    }

    #[test]
    fn picks_the_card_not_its_footer_line() {
        let (nodes, lines) = tree(&[
            (0, &["千牛 · 差评洞察"]),
            (1, &["公告"]),
            (2, &["2026-11-01 平台规则更新说明"]),
            (1, &[]), // the list
            (2, &[]), // card 1
            (3, &["t**6", "差评"]),
            (3, &["颜色和图片不一样，有色差"]),
            (3, &["评价时间：2026-11-20 10:21"]),
            (2, &[]), // card 2
            (3, &["匿名买家", "中评"]),
            (3, &["物流太慢了"]),
            (3, &["评价时间：2026-11-19 09:00"]),
            (2, &[]), // card 3
            (3, &["s**a", "差评"]),
            (3, &["质量太差，用了两天就坏了"]),
            (3, &["评价时间：2026-11-18 08:00"]),
        ]);
        assert_eq!(choose(&nodes, &lines), Some(vec![4, 8, 12]));
    }

    #[test]
    fn wrappers_and_flat_items_alike() {
        // list > wrapper > card: the wrappers are the cards (each holds one review).
        let (nodes, lines) = tree(&[(0, &[]), (1, &[]), (2, &["差评", "很差 2026-11-20 10:00"]), (1, &[]), (2, &["中评", "物流慢 3天前"])]);
        assert_eq!(choose(&nodes, &lines), Some(vec![1, 3]));
        // No date anywhere: not a review list.
        let (nodes, lines) = tree(&[(0, &[]), (1, &["差评", "质量很差"]), (1, &["差评", "物流太慢"])]);
        assert_eq!(choose(&nodes, &lines), None);
    }

    #[test]
    fn dated_lists_without_anything_of_a_review_are_not_taken() {
        let (mut nodes, lines) = tree(&[(0, &[]), (1, &["2026-11-01 规则更新"]), (1, &["2026-11-02 系统维护"])]);
        assert_eq!(choose(&nodes, &lines), None);
        // Star icons make them reviews (JD, Pinduoduo show no rating word).
        nodes[1].stars = 2;
        assert_eq!(choose(&nodes, &lines), Some(vec![1, 2]));
    }

    #[test]
    fn review_like_groups_beat_other_dated_lists() {
        let (nodes, lines) = tree(&[
            (0, &[]),
            (1, &[]),
            (2, &["2026-11-01 规则更新"]),
            (2, &["2026-11-02 系统维护"]),
            (2, &["2026-11-03 活动报名"]),
            (1, &[]),
            (2, &["差评", "质量很差", "2026-11-20"]),
            (2, &["中评", "一般般吧", "2026-11-19"]),
        ]);
        assert_eq!(choose(&nodes, &lines), Some(vec![6, 7]));
    }
}
