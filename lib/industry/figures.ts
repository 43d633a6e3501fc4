/**
 * The industry's figures (data/industry-figures.json): reference points from the research
 * Firstparty grew from, each with its source, shown beside the company's own figure it compares
 * with. Validated here, so a bad edit of the file fails the tests and the start, not a page.
 */
import { z } from "zod";
import raw from "@/data/industry-figures.json";

/** Where a figure is shown: beside which of the company's own figures. */
export const industryPlaces = [
  "firstPartyShare",
  "activeSources",
  "share360",
  "lawCoverage",
] as const;
export type IndustryPlace = (typeof industryPlaces)[number];

const figureSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  value: z.number().min(0),
  kind: z.enum(["share", "count"]),
  beside: z.enum(industryPlaces),
  text: z.string().min(1),
  textDe: z.string().min(1),
  source: z.string().min(1),
});

export const industryFiguresSchema = z
  .object({
    about: z.string().min(1),
    aboutDe: z.string().min(1),
    figures: z.array(figureSchema).min(1),
  })
  .superRefine((file, ctx) => {
    file.figures.forEach((f, i) => {
      if (f.kind === "share" && f.value > 1)
        ctx.addIssue({ code: "custom", path: ["figures", i, "value"], message: "a share is 0..1" });
      if (file.figures.findIndex((g) => g.id === f.id) !== i)
        ctx.addIssue({ code: "custom", path: ["figures", i, "id"], message: "id used twice" });
    });
  });

export type IndustryFigure = z.infer<typeof figureSchema>;

const file = industryFiguresSchema.parse(raw);

/** The figures shown beside one of the company's own, in the file's order. */
export function industryFigures(place: IndustryPlace): IndustryFigure[] {
  return file.figures.filter((f) => f.beside === place);
}
