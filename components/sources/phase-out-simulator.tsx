import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { FilterIssues } from "@/components/ui/filter-issues";
import { HiddenParams } from "@/components/ui/hidden-params";
import type { RawSearchParams } from "@/lib/search-params";
import { formatPoints, humanize, NO_VALUE, numberFormat } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import type { FilterIssue } from "@/lib/filters/core";
import type { PhaseOut } from "@/lib/metrics/phase-out";
import { parties, type Party } from "@/lib/sources/schema";

type Choice = { key: string; name: string; party: Party };
type Row = { id: string; label: string; before: string; after: string; change: string };

/**
 * The phase-out simulator of /sources: a GET form of checkboxes (it works without JavaScript)
 * naming the sources to retire, and what the profiles would look like without what they supply.
 */
export async function PhaseOutSimulator({
  result,
  choices,
  purposeNames,
  issues,
  params,
}: {
  result: PhaseOut;
  /** The page's address: the inventory's filter, sort and page stay as they are. */
  params: RawSearchParams;
  /** The sources one may retire: those active today and any already named. */
  choices: Choice[];
  purposeNames: Record<string, string>;
  issues: FilterIssue[];
}) {
  const t = await getTranslations("phaseOut");
  const tp = await getTranslations("profiles");
  const ts = await getTranslations("sources");
  const format = await getFormatter();
  const { percent, number } = numberFormat(format);
  const points = (before: number | null, after: number | null) =>
    before === null || after === null
      ? NO_VALUE
      : t("points", { value: formatPoints(format, after, before) });
  const attributeLabel = (group: string, name: string) =>
    tp("attributeLabel", {
      group: tp(`groups.${group as "identity"}`),
      name: tp.has(`attributes.${name}` as "attributes.email")
        ? tp(`attributes.${name}` as "attributes.email")
        : humanize(name),
    });
  const { before, after } = result;
  const share = (f: (x: typeof before) => number | null, id: string, label: string): Row => ({
    id,
    label,
    before: percent(f(before)),
    after: percent(f(after)),
    change: points(f(before), f(after)),
  });
  const figures: Row[] = [
    share((x) => x.avgCompleteness, "completeness", t("avgCompleteness")),
    share((x) => x.share360, "share360", t("share360")),
    share((x) => x.identityCoverage, "identity", t("identityCoverage")),
  ];
  const reach: Row[] = before.reach.map((r, i) => {
    const a = after.reach[i]!.profiles;
    return {
      id: `reach-${r.purpose}`,
      label: purposeNames[r.purpose] ?? r.name,
      before: number(r.profiles),
      after: number(a),
      change: "",
    };
  });
  // Reach holds when sources stop (see the note below it): its table leaves the change out.
  const comparison = (first: string, testId: string, rows: Row[], withChange = true) => (
    <Table
      data-testid={testId}
      rows={rows}
      rowKey={(r) => r.id}
      rowProps={(r) => ({ "data-testid": `phase-out-${r.id}` })}
      columns={[
        { header: first, cell: (r) => r.label, rowHeader: true },
        { header: t("before"), cell: (r) => r.before, numeric: true },
        {
          header: t("after"),
          // The change under the figure, not in a column of its own: three columns fit a phone.
          cell: (r) =>
            withChange ? (
              <>
                <span data-testid="after">{r.after}</span>
                <br />
                <span className="muted" data-testid="change">
                  {r.change}
                </span>
              </>
            ) : (
              r.after
            ),
          numeric: true,
        },
      ]}
    />
  );
  const retired = new Set(result.retire);
  const exportQuery = new URLSearchParams({ retire: result.retire.join(",") }).toString();

  return (
    <section aria-labelledby="phase-out" className="phase-out">
      <h2 id="phase-out">{t("title")}</h2>
      <p className="lead">{t("intro")}</p>
      {issues.length > 0 && <FilterIssues title={t("invalid")} issues={issues} />}
      <form method="get" action="/sources#phase-out" aria-label={t("title")}>
        <HiddenParams params={params} keep={(key) => key !== "retire"} />
        <fieldset>
          <legend>{t("retire")}</legend>
          {parties.map((party) => {
            const list = choices.filter((c) => c.party === party);
            if (list.length === 0) return null;
            return (
              <div key={party} className="phase-out-party">
                <p className="muted">{ts(`parties.${party}`)}</p>
                <div className="checkbox-grid">
                  {list.map((c) => (
                    <label key={c.key}>
                      <input
                        type="checkbox"
                        name="retire"
                        value={c.key}
                        defaultChecked={retired.has(c.key)}
                        data-testid={`retire-${c.key}`}
                      />
                      {c.name}
                    </label>
                  ))}
                </div>
              </div>
            );
          })}
        </fieldset>
        <div className="toolbar">
          <button type="submit">{t("simulate")}</button>
          <Link href="/sources#phase-out">{t("reset")}</Link>
          <a href={`/sources/phase-out?${exportQuery}`} download data-testid="phase-out-csv">
            {t("exportCsv")}
          </a>
        </div>
      </form>

      <p data-testid="phase-out-summary">
        {result.retire.length === 0
          ? t("nothingRetired")
          : t("summary", {
              sources: result.retire.length,
              affected: number(result.profilesAffected),
              profiles: number(before.profiles),
              share: percent(before.profiles ? result.profilesAffected / before.profiles : null),
            })}
      </p>
      {comparison(t("figure"), "phase-out-figures", figures)}
      <h3>{t("reachTitle")}</h3>
      {comparison(t("purpose"), "phase-out-reach", reach, false)}
      <p className="muted">{t("holdNote")}</p>

      <h3>{t("lostTitle")}</h3>
      <Table
        data-testid="phase-out-attributes"
        rows={result.attributesLost}
        rowKey={(a) => `${a.group}.${a.attribute}`}
        empty={t("nothingLost")}
        columns={[
          {
            header: t("attribute"),
            cell: (a) => (
              <>
                {attributeLabel(a.group, a.name)}
                {a.key && <span className="muted"> · {t("keyAttribute")}</span>}
              </>
            ),
            rowHeader: true,
          },
          {
            header: t("profilesLosing"),
            cell: (a) =>
              `${number(a.profiles)} (${percent(before.profiles ? a.profiles / before.profiles : null)})`,
            numeric: true,
          },
          {
            header: t("replacements"),
            cell: (a) =>
              a.replacements.length === 0
                ? t("noReplacement")
                : a.replacements
                    .map((r) => t("replacement", { source: r.name, profiles: number(r.profiles) }))
                    .join(" · "),
          },
        ]}
      />
      <p className="muted">{t("replacementNote")}</p>
    </section>
  );
}
