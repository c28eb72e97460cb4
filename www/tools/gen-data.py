#!/usr/bin/env python3
"""Picks real reviews from ../shared/data/online_shopping_reviews.csv for the stand-in pages and
writes www/data/<page>.json (committed, so the pages work without ../shared). Deterministic
(fixed seed). Dates are stored as minutes before the page's "now" so that the pages show open,
closing and closed windows whenever they are opened.

Per review: id (the data's own, never shown), text, stars, minutes_ago, buyer, item, sku, and what
the real page shows as its own ids: feed_id (Taobao 主评ID), order_id (Taobao 订单号, Douyin
order_id), order_sn (Pinduoduo 订单编号 YYMMDD-…). Texts are unique per page.

Run from the repository root:  python3 www/tools/gen-data.py
"""
import csv, json, os, random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "..", "shared", "data", "online_shopping_reviews.csv")
OUT = os.path.join(ROOT, "www", "data")

rng = random.Random(20261122)
rows = list(csv.DictReader(open(SRC, encoding="utf-8-sig")))
neg = [r for r in rows if r["label"] == "0" and 8 <= len(r["review"]) <= 160]
pos = [r for r in rows if r["label"] == "1" and 8 <= len(r["review"]) <= 100]
# Positive reviews that still complain ("好评，就是物流慢").
pos_complaint = [r for r in pos if any(w in r["review"] for w in ("就是", "但是", "不过")) and any(w in r["review"] for w in ("慢", "小", "差", "味"))]

NICKS = ["t**6", "匿名买家", "s**a", "w**9", "小**猫", "j**8", "l**n", "z**2", "快**人", "m**o", "a**1", "喵**喵"]
SKUS = {"衣服": ["白色 L", "黑色 M", "藏青 XL"], "水果": ["5斤装", "10斤装 大果"], "洗发水": ["500ml", "750ml×2"],
        "手机": ["黑色 128G", "白色 256G"], "平板": ["64G 灰色"], "计算机": ["i5/16G/512G"], "书籍": ["平装"],
        "热水器": ["60L 一级能效"], "蒙牛": ["250ml×12"], "酒店": ["大床房"]}
TITLES = {"衣服": "纯棉短袖T恤", "水果": "烟台红富士苹果", "洗发水": "去屑洗发水", "手机": "智能手机", "平板": "平板电脑",
          "计算机": "轻薄笔记本电脑", "书籍": "畅销书", "热水器": "电热水器", "蒙牛": "纯牛奶", "酒店": "酒店套餐"}
APPENDS = ["用了几天，问题还是没解决。", "联系客服后也没人处理。", "洗了一次就变形了。", "补充一下，包装也是破的。", "后来换货了，还行。"]
REPLIES = ["感谢反馈，我们已安排质检复查同批次商品。", "抱歉给您带来不便，已为您补发。", "谢谢您的评价，欢迎再次光临。"]
# Strangers' text that looks like markup must stay text.
HOSTILE = ['<img src=x onerror=alert(1)>质量太差了，<b>坏了</b>', '<script>alert("xss")</script>颜色和图片不一样，有色差']
EXTORTION = "不退我50块钱就一直差评，还要投诉你们，给我返现我就改评价。"
FIRST = "衣服颜色和图片差别很大，有色差，物流也太慢了，等了一个星期才到。"


def review(i, r, stars, minutes_ago, appends):
    cat = r["cat"]
    d = {"id": f"r{i:04d}", "text": r["review"].strip(), "stars": stars, "minutes_ago": minutes_ago,
         "buyer": NICKS[i % len(NICKS)], "item": TITLES.get(cat, "商品"), "sku": rng.choice(SKUS.get(cat, ["默认"])),
         "feed_id": str(1_100_000_000_000 + i * 7919), "order_id": str(2_500_000_000_000_000 + i * 104_729),
         "order_sn": f"251{rng.randint(101, 130)}-{rng.randint(10**14, 10**15 - 1)}"}
    if appends and rng.random() < 0.2 and stars <= 3:
        d["append"] = {"text": rng.choice(APPENDS), "minutes_after": rng.choice([600, 1440 * 2, 1440 * 5])}
    if rng.random() < 0.15:
        d["reply"] = rng.choice(REPLIES)
    return d


def page(n, seed_offset, with_specials=True, spread_days=40, appends=True):
    # Ages spread so that some windows are open, some closing (day 29), some closed.
    ages = [rng.randint(30, spread_days * 1440) for _ in range(n)]
    if n >= 6:
        ages[1] = 29 * 1440 + 300   # closing: about 19 h left on a 30-day window
        ages[2] = 60                # fresh: Taobao explanation not open yet
        ages[3] = 45 * 1440         # closed
    out, texts = [], set()
    for k in range(n):
        i = seed_offset + k
        while True:
            roll = rng.random()
            if roll < 0.78:
                r = rng.choice(neg); stars = rng.choice([1, 1, 2, 2, 3])
            elif roll < 0.9:
                r = rng.choice(pos_complaint or pos); stars = rng.choice([4, 5])
            else:
                r = rng.choice(pos); stars = 5
            if r["review"].strip() not in texts:
                break
        texts.add(r["review"].strip())
        out.append(review(i, r, stars, ages[k], appends))
    if with_specials and n >= 10:
        out[4]["text"], out[4]["stars"] = HOSTILE[0], 1
        out[5]["text"], out[5]["stars"] = EXTORTION, 1
        out[6]["text"], out[6]["stars"] = HOSTILE[1], 2
        out[0]["text"], out[0]["stars"] = FIRST, 1
        out[7]["stars"] = 2
        # The page's own clock disagrees with the rules here (a 10-day-old review the page calls
        # expired): the annotation must follow the page and say so.
        out[8]["minutes_ago"], out[8]["stars"], out[8]["reply_clock"] = 10 * 1440, 1, "expired"
    return out


os.makedirs(OUT, exist_ok=True)
# Pinduoduo: pages.md documents no visible 追评 there, so its stand-in shows none.
pages = {"taobao-backend": (45, True), "taobao-item": (32, True), "tmall-item": (32, True), "jd-item": (40, True),
         "jd-legacy": (32, True), "pinduoduo-backend": (32, False), "douyin-backend": (32, True), "spa": (40, True),
         "csp": (32, True), "taobao-module": (24, True)}
offset = 0
for name, (n, appends) in pages.items():
    data = page(n, offset, appends=appends)
    offset += n
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
stress = page(1000, offset, with_specials=False)
with open(os.path.join(OUT, "stress.json"), "w", encoding="utf-8") as f:
    json.dump(stress, f, ensure_ascii=False, separators=(",", ":"))
print("wrote", ", ".join(pages), "and stress (1000)")
