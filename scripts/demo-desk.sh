#!/usr/bin/env bash
# Rebuilds the demo desk of this repository (inkdesk.yaml, templates/, records/) by
# running inkdesk itself through about sixty ticket lives at a fictional print shop,
# 墨香印务 (Moxiang Printing), from September to November 2026. Demo data only: the
# people, companies, phone numbers and jobs are invented.
#
#   scripts/demo-desk.sh            # rebuild in the repository root
#   scripts/demo-desk.sh DIR        # build a demo desk somewhere else
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN="$PWD/target/release/inkdesk"
DESK="${1:-$PWD}"
mkdir -p "$DESK"
DESK="$(cd "$DESK" && pwd)"

rm -rf "$DESK/records" "$DESK/templates" "$DESK/inkdesk.yaml"
"$BIN" init "$DESK" --no-git --lang zh --timezone Asia/Shanghai --shop "墨香印务 (demo)" 2>/dev/null
POLICY="$DESK/inkdesk.yaml"
sed -i 's/^  holidays: \[\].*/  holidays: [2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07]   # 国庆节/' "$POLICY"
sed -i 's/^staff: \[\]$/staff:/' "$POLICY"
sed -i 's/^#  - { id: lina, name: 李娜, role: agent }/  - { id: lina, name: 李娜, role: agent }\n  - { id: wangfang, name: 王芳, role: agent }/' "$POLICY"
sed -i 's/^#  - { id: zhou, name: 周强, role: supervisor }/  - { id: zhou, name: 周强, role: supervisor }/' "$POLICY"
sed -i 's/^#  - { id: chen, name: 陈总, role: manager }/  - { id: chen, name: 陈总, role: manager }/' "$POLICY"
grep -q "id: wangfang" "$POLICY"

export INKDESK_DIR="$DESK"
RANDOM=20261123

# The demo's "now": nothing happens after it.
END="2026-11-20T17:00:00+08:00"
rm -f "$DESK/.inkdesk/demo.log"

# Runs inkdesk as $WHO at a local shop time ("2026-09-03 10:15"), unless that is
# after the end of the demo. Nothing is committed: the demo desk lives inside the
# project's own repository.
ink() {
  local when; when="$(TZ=Asia/Shanghai date -d "$1" --iso-8601=seconds)"; shift
  if [ "$(date -d "$when" +%s)" -gt "$(date -d "$END" +%s)" ]; then return 0; fi
  INKDESK_NOW="$when" INKDESK_USER="$WHO" "$BIN" --no-commit "$@" 2>>"$DESK/.inkdesk/demo.log"
}

# Adds N working days (Mon–Fri, skipping the holidays above) to a date.
workday() {
  local day="$1" n="$2"
  while [ "$n" -gt 0 ]; do
    day="$(date -d "$day +1 day" +%F)"
    case "$(date -d "$day" +%u)" in 6|7) continue ;; esac
    case "$day" in 2026-10-0[12567]) continue ;; esac
    n=$((n - 1))
  done
  echo "$day"
}

pick() { local a=("$@"); echo "${a[$((RANDOM % ${#a[@]}))]}"; }

CUSTOMERS=(
  "王建国|蓝海广告有限公司|13800138001|vip"
  "李秀英|青禾教育培训中心|13911220345|"
  "张伟|鼎盛地产|0755-26881234|vip"
  "刘芳|花间婚庆工作室|13622334455|"
  "陈静|南山区第二实验小学|0755-86112233|"
  "赵磊|优品电商|18688776655|"
  "吴敏|海港咖啡烘焙|021-62881199|"
  "郑家豪|博朗律师事务所|0755-25237788|vip"
  "周婷|悦己美容会所|15012345678|"
  "林晓峰|灯塔英语学校|13822993344|"
  "孙强|华彩食品有限公司|13798765432|vip"
  "黄丽|小熊绘本馆|13543218765|"
)
TITLES_complaint=("画册封面色差严重，与签样不符" "名片裁切歪斜，边距不一致" "画册颜色比签样深很多" "宣传单数量少了500张" "包装盒压痕开裂" "名片上已改正的错字又印错了")
TITLES_reprint=("台历装订线脱落，需要重印" "菜单覆膜起泡" "产品目录页码顺序错乱" "海报出现白点，要求退换" "婚礼请柬用错了纸张")
TITLES_delivery=("展会物料明天要用，还没收到" "3000张传单什么时候到？" "校刊交货延期，催货" "礼盒包装交货时间确认")
TITLES_repair=("门店展架灯箱不亮" "购买的覆膜机经常卡纸" "数码印刷机卡纸报修")
TITLES_onsite=("写字楼导视系统安装维护" "新分店橱窗贴画安装" "商场吊旗更换")
TITLES_consult=("咨询特种纸价格和交期" "大幅海报需要什么文件格式？" "能否做烫金工艺？" "咨询环保大豆油墨")
TITLES_suggestion=("建议增加线上打样确认" "建议用PDF而不是JPEG发送打样稿" "希望提供取件短信提醒")

CAUSES_ours=("ours" "ours" "ours" "customer" "supplier" "carrier" "unknown")

n=0
open_one() {
  local day="$1" hhmm="$2" kind="$3" fate="$4"
  local c; c="$(pick "${CUSTOMERS[@]}")"
  IFS='|' read -r name company phone vip <<<"$c"
  local titles="TITLES_${kind}[@]"
  local title; title="$(pick "${!titles}")"
  WHO="$(pick lina lina wangfang)"
  local args=(open --kind "$kind" --title "$title" --customer "$name" --company "$company" --phone "$phone")
  if [ "$vip" = vip ]; then args+=(--vip); fi
  case "$kind" in complaint|reprint|delivery)
    args+=(--job "GC-$(date -d "$day" +%y%m)-$((100 + RANDOM % 900))" --product "$(pick 画册 名片 宣传单 台历 包装盒 海报 请柬)" --quantity "$(( (RANDOM % 40 + 1) * 100 ))") ;;
  esac
  # The kinds the policy dispatches (派单) are passed to their department as they are
  # opened.
  case "$kind" in
    complaint|reprint) args+=(--department 生产部) ;;
    repair|onsite) args+=(--department 工程部) ;;
  esac
  urgent=""
  if [ $((RANDOM % 5)) = 0 ]; then args+=(--priority urgent); urgent=1; fi
  local id; id="$(ink "$day $hhmm" "${args[@]}")"
  if [ -z "$id" ]; then return; fi
  n=$((n + 1))
  live "$id" "$day" "$hhmm" "$kind" "$fate"
}

# Takes one ticket through the life its fate names.
live() {
  local id="$1" day="$2" hhmm="$3" kind="$4" fate="$5"
  local d1; d1="$(workday "$day" 1)"
  local d2; d2="$(workday "$day" 2)"
  local d4; d4="$(workday "$day" 4)"
  local d6; d6="$(workday "$day" 6)"
  # Most tickets are settled the day they come in (or the next morning); waiting for
  # the customer, a promise or an escalation takes longer.
  local rt="$day 17:20"
  if [[ "$hhmm" > 13:00 ]]; then rt="$d1 11:30"; fi
  if [ "$kind" = consult ] && [[ "$hhmm" < 17:00 ]]; then rt="$day 17:50"; fi
  # An urgent job has half the time: it is done within three hours.
  if [ -n "$urgent" ] && [[ "$hhmm" < 17:00 ]]; then rt="$day $hhmm 3 hours"; fi
  # First contact: nearly always within the hour, now and then the next morning.
  if [ $((RANDOM % 8)) = 0 ]; then
    rt="$d1 11:30"
    ink "$d1 09:40" update "$id" --contacted --note "$(pick "已致电客户说明处理进度" "已回电客户，说明下一步安排")"
  else
    ink "$day $hhmm 20 minutes" update "$id" --contacted --note "$(pick "已向客户致歉，承诺明天给出方案" "已向客户致歉，明天给出答复" "已核对工程单，客户认可处理方式")"
  fi
  case "$fate" in
    open) return ;;
    waiting)
      ink "$d1 10:30" update "$id" --status waiting --reason "$(pick "等客户寄回问题样品" "等供应商发来替换配件")"
      return ;;
  esac
  if [ $((RANDOM % 3)) = 0 ]; then
    rt="$d1 16:30"
    ink "$d1 10:30" update "$id" --status waiting --reason "$(pick "等客户确认文件" "等客户寄回样品")"
    ink "$d1 15:00" update "$id" --status open --note "$(pick "样品已收到" "样品已到")"
  fi
  if [ "$kind" = reprint ] || [ $((RANDOM % 3)) = 0 ]; then
    rt="$d1 16:30"
    ink "$d1 16:00" update "$id" --promise "$d4" --note "$(pick "承诺重印后送货上门" "承诺重印后按时送货")"
  fi
  if [ "$fate" = escalated ] || [ "$fate" = settled ] || [ $((RANDOM % 6)) = 0 ]; then
    rt="$d2 16:30"
    WHO=lina ink "$d2 10:00" escalate "$id" --reason "$(pick "一个工作日内未解决，转主管" "客户要求赔偿，需主管处理")"
    if [ "$fate" = escalated ]; then
      if [ $((RANDOM % 2)) = 0 ]; then
        WHO=zhou ink "$d6 10:00" escalate "$id" --reason "主管三个工作日未解决，转总经理"
      fi
      return
    fi
  fi
  if [ "$fate" = progress ]; then return; fi
  local cause; cause="$(pick "${CAUSES_ours[@]}")"
  local remedy cost=""
  case "$kind" in
    complaint|reprint) remedy="$(pick reprint reprint refund discount)"; cost="$(( (RANDOM % 30 + 2) * 100 ))" ;;
    delivery) remedy=explain ;;
    repair|onsite) remedy=repair; cost="$(( RANDOM % 5 * 150 ))" ;;
    *) remedy="$(pick explain none)" ;;
  esac
  if [ "$cause" != ours ] && [ "$remedy" != explain ] && [ "$remedy" != repair ]; then
    remedy=explain
    cost=""
  fi
  local rargs=(resolve "$id" --cause "$cause" --remedy "$remedy" --summary "$(pick "已重印并送货，客户签收" "已重印送达，客户签收" "已向客户解释原因并提供改进方案" "已说明原因，下次订单给予折让" "技术员上门处理完毕")")
  if [ -n "$cost" ] && [ "$cost" != 0 ]; then rargs+=(--cost "$cost"); fi
  # Above what an agent may grant alone (the policy's authority), the supervisor approves.
  if [ -n "$cost" ] && [ "$cost" -gt 500 ]; then rargs+=(--approved-by zhou); fi
  # The customer's own cause, understood and accepted, makes a 不满单.
  if [ "$cause" = customer ] && [ $((RANDOM % 3)) != 0 ]; then rargs+=(--accepted); fi
  ink "$rt" "${rargs[@]}"
  case "$fate" in
    resolved) return ;;
  esac
  # A consultation needs no callback: resolving it closes it.
  if [ "$kind" = consult ]; then return; fi
  # A complaint is checked (复检) by the supervisor before it may close; the
  # callback comes no sooner than a working day after the resolution (the policy's
  # callback.earliest), so it is made on the second working day.
  local rd="${rt%% *}"
  local c2; c2="$(workday "$rd" 2)"
  local c3; c3="$(workday "$rd" 3)"
  if [ "$kind" = complaint ]; then
    WHO=zhou ink "$rd 17:45" verify "$id" --ok
  fi
  case "$fate" in
    unreachable)
      ink "$c2 10:00" callback "$id" --unreached --note "无人接听"
      ink "$c2 15:00" callback "$id" --unreached --note "无人接听"
      ink "$c3 10:00" callback "$id" --wrong-number --note "电话停机，号码已不是客户的"
      ink "$c3 10:05" close "$id" ;;
    unhappy)
      ink "$c2 10:30" callback "$id" --reached --satisfaction dissatisfied --note "$(pick "客户认为重印仍有色差" "仍不符合要求，客户不满意")"
      ink "$c3 16:00" resolve "$id" --cause ours --remedy refund --summary "全额退款并致歉" --cost 1500 --approved-by zhou
      if [ "$kind" = complaint ]; then WHO=zhou ink "$c3 17:00" verify "$id" --ok; fi
      ink "$(workday "$c3" 2) 10:00" callback "$id" --reached --satisfaction neutral --note "客户接受退款" ;;
    forced)
      ink "$c2 09:30" close "$id" --force --reason "客户表示不再需要回访" ;;
    *)
      ink "$c2 10:30" callback "$id" --reached --satisfaction "$(pick satisfied satisfied satisfied neutral)" --note "$(pick "客户满意" "对结果满意" "客户表示认可")" ;;
  esac
}

KINDS=(complaint complaint complaint reprint reprint delivery delivery repair onsite consult consult suggestion)
FATES_OLD=(closed closed closed closed closed closed unhappy unreachable forced settled closed closed)
FATES_NEW=(resolved waiting escalated resolved progress open resolved closed waiting)
new=0

day=2026-09-01
while [[ "$day" < 2026-11-21 ]]; do
  for _ in $(seq $((1 + (RANDOM % 10 == 0)))); do
    kind="$(pick "${KINDS[@]}")"
    hhmm="$(pick 08:40 09:15 10:05 11:20 13:45 14:30 16:10 17:35 19:20)"
    if [[ "$day" < 2026-11-10 ]]; then fate="$(pick "${FATES_OLD[@]}")"; else fate="${FATES_NEW[$((new++ % ${#FATES_NEW[@]}))]}"; fi
    open_one "$day" "$hhmm" "$kind" "$fate"
  done
  day="$(workday "$day" 1)"
done

# 李娜 hands her open tickets to 王芳 before her leave.
WHO=lina ink "2026-11-20 16:50" handover --from lina --to wangfang --note "李娜休假一周：王总的画册重印明天上午送到，请跟进回访" >/dev/null || true

# The shop has just installed the hourly cron: the escalation rules catch up.
WHO=cron ink "2026-11-20 16:55" escalate --auto >/dev/null

# In a git clone (the project's own repository is one), the clone needs the ticket
# merge driver registered once, as every clone of a desk does.
if git -C "$DESK" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  INKDESK_NOW="$END" "$BIN" init "$DESK" 2>/dev/null
fi
INKDESK_NOW="$END" "$BIN" check
echo "demo desk: $n tickets in $DESK/records" >&2
