// What the stand-in pages print, as pure functions (no DOM): dates in China time whatever the
// machine's zone, the Taobao backend's sentiment words and reply clock. The pages import it, and
// so do the end-to-end tests, which compute from the same data what each card must say.

const CN = 8 * 3600_000;
const DAY = 86_400_000;
const pad = (n) => String(n).padStart(2, '0');

function parts(ms) {
  const d = new Date(ms + CN);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
}

export const fmt = {
  ymdhm: (ms) => {
    const p = parts(ms);
    return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
  },
  ymdhms: (ms) => `${fmt.ymdhm(ms)}:${pad(parts(ms).s)}`,
  cn: (ms) => {
    const p = parts(ms);
    return `${p.y}年${p.m}月${p.d}日`;
  },
  slash: (ms) => {
    const p = parts(ms);
    return `${p.y}/${pad(p.m)}/${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
  },
};

/** When review `r` was posted, for a page whose clock reads `now` (ms). */
export const postedAt = (r, now) => now - r.minutes_ago * 60_000;

/** The Taobao backend's sentiment column (pages.md: 正面 / 中性 / 负面, not 好/中/差). */
export const sentiment = (stars) => (stars <= 2 ? '负面' : stars === 3 ? '中性' : '正面');
/** 好评 / 中评 / 差评 from stars (platform-rules.md: 1–2 差评, 3 中评, 4–5 好评). */
export const rankText = (stars) => (stars <= 2 ? '差评' : stars === 3 ? '中评' : '好评');
export const ratingId = (stars) => (stars <= 2 ? 'bad' : stars === 3 ? 'neutral' : 'good');

const chinaDay = (ms) => Math.floor((ms + CN) / DAY);

/** "还有N天可回复" (N calendar days to the 30th day after the review) or "已超过回复期". */
export function replyClock(r, now) {
  const end = postedAt(r, now) + 30 * DAY;
  if (r.reply_clock === 'expired' || end <= now) return '已超过回复期';
  return `还有${chinaDay(end) - chinaDay(now)}天可回复`;
}
