/**
 * The demo purpose catalog: one reason for processing per entry, across the five functional
 * areas, each with what it tells customers, what it brings them, the least data it needs and
 * how long it keeps it. Most consent purposes carry their customer texts in German too; the
 * sales calls have none yet and the analytics purpose lacks its German value, so the preference
 * center's admin page has something to list as missing.
 */
import type { CreatePurposeInput } from "@/lib/purposes/schema";

export const demoPurposes: CreatePurposeInput[] = [
  {
    key: "newsletter",
    name: "Newsletter",
    nameDe: "Newsletter",
    functionalArea: "marketing",
    legalBasis: "consent",
    customerTitle: "Our newsletter",
    customerDescription: "We email you news, offers and event invitations, at most once a week.",
    customerValue: "Early access to sales and member-only offers.",
    customerTitleDe: "Unser Newsletter",
    customerDescriptionDe:
      "Wir schicken Ihnen Neuigkeiten, Angebote und Einladungen per E-Mail, höchstens einmal pro Woche.",
    customerValueDe: "Früher Zugang zu Aktionen und Angebote nur für Mitglieder.",
    dataCategories: ["contact", "preferences"],
    retentionDays: 730,
    status: "active",
  },
  {
    key: "personalized-recommendations",
    name: "Personalized recommendations",
    nameDe: "Personalisierte Empfehlungen",
    functionalArea: "personalization",
    legalBasis: "consent",
    customerTitle: "Recommendations for you",
    customerDescription:
      "We use what you bought and browsed with us to suggest products you may like.",
    customerValue: "Fewer irrelevant products, more of what fits you.",
    customerTitleDe: "Empfehlungen für Sie",
    customerDescriptionDe:
      "Aus dem, was Sie bei uns gekauft und angesehen haben, schlagen wir Ihnen Produkte vor, die Ihnen gefallen könnten.",
    customerValueDe: "Weniger Unpassendes, mehr von dem, was zu Ihnen passt.",
    tcfPurposes: [5, 6],
    segmentCategories: ["Personalization"],
    dataCategories: ["purchase_history", "browsing", "preferences"],
    retentionDays: 365,
    status: "active",
  },
  {
    key: "retargeting-partners",
    name: "Retargeting with partners",
    nameDe: "Retargeting mit Partnern",
    functionalArea: "marketing",
    legalBasis: "consent",
    customerTitle: "Our ads on other sites",
    customerDescription:
      "We share an identifier of your device with advertising partners so they can show you our ads elsewhere.",
    customerValue: "Reminders of products you looked at, on sites you already use.",
    customerTitleDe: "Unsere Werbung auf anderen Websites",
    customerDescriptionDe:
      "Wir geben eine Kennung Ihres Geräts an Werbepartner weiter, damit sie Ihnen unsere Werbung auch anderswo zeigen können.",
    customerValueDe:
      "Erinnerungen an Produkte, die Sie sich angesehen haben, auf Websites, die Sie ohnehin nutzen.",
    tcfPurposes: [1, 3, 4],
    consentModeSignals: ["ad_storage", "ad_user_data", "ad_personalization"],
    segmentCategories: ["Advertising"],
    dataCategories: ["device", "browsing"],
    retentionDays: 180,
    involvesSale: true,
    status: "active",
  },
  {
    key: "sales-follow-up-calls",
    name: "Sales follow-up calls",
    nameDe: "Vertriebliche Nachfassanrufe",
    functionalArea: "sales",
    legalBasis: "consent",
    customerTitle: "Calls from our sales team",
    customerDescription:
      "After you ask for a quote, our sales team may call you to help you choose.",
    customerValue: "Advice from a person instead of a form.",
    dataCategories: ["contact", "purchase_history"],
    retentionDays: 365,
    status: "active",
  },
  {
    key: "service-call-recordings",
    name: "Service call recordings",
    nameDe: "Aufzeichnung von Servicegesprächen",
    functionalArea: "service",
    legalBasis: "consent",
    customerTitle: "Recording service calls",
    customerDescription:
      "With your permission we record calls with our service team to train staff and settle disputes.",
    customerValue: "Better-trained service staff and a record if something goes wrong.",
    customerTitleDe: "Aufzeichnung von Servicegesprächen",
    customerDescriptionDe:
      "Mit Ihrer Erlaubnis zeichnen wir Gespräche mit unserem Serviceteam auf, um Mitarbeitende zu schulen und Streitfälle zu klären.",
    customerValueDe:
      "Besser geschulte Servicemitarbeitende und ein Nachweis, falls etwas schiefgeht.",
    dataCategories: ["contact", "identity"],
    retentionDays: 90,
    status: "active",
  },
  {
    key: "product-analytics",
    name: "Product analytics",
    nameDe: "Produktanalyse",
    functionalArea: "analytics",
    legalBasis: "consent",
    customerTitle: "Improving our site and app",
    customerDescription:
      "We measure how our site and app are used, without building a profile of you.",
    customerValue: "Faster pages and fewer broken journeys.",
    customerTitleDe: "Unsere Website und App verbessern",
    customerDescriptionDe:
      "Wir messen, wie unsere Website und App genutzt werden, ohne ein Profil von Ihnen anzulegen.",
    tcfPurposes: [1, 8, 9],
    consentModeSignals: ["analytics_storage"],
    segmentCategories: ["Analytics"],
    dataCategories: ["device", "browsing"],
    retentionDays: 395,
    status: "active",
  },
  {
    key: "order-fulfilment",
    name: "Order fulfilment",
    nameDe: "Auftragsabwicklung",
    functionalArea: "service",
    legalBasis: "contract",
    customerTitle: "Delivering your orders",
    customerDescription: "We use your address and order to deliver it and handle returns.",
    customerValue: "Your order arrives, and returns work.",
    dataCategories: ["contact", "purchase_history", "location"],
    retentionDays: 3650,
    status: "active",
  },
  {
    key: "loyalty-programme",
    name: "Loyalty programme",
    nameDe: "Treueprogramm",
    functionalArea: "sales",
    legalBasis: "contract",
    customerTitle: "Loyalty points",
    customerDescription: "Members collect points on purchases and redeem them for rewards.",
    customerValue: "Points and rewards on what you already buy.",
    dataCategories: ["contact", "identity", "purchase_history"],
    retentionDays: 1095,
    status: "active",
  },
  {
    key: "wellness-personalization",
    name: "Wellness personalization",
    nameDe: "Wellness-Personalisierung",
    functionalArea: "personalization",
    legalBasis: "consent",
    customerTitle: "Wellness tips based on your health goals",
    customerDescription:
      "If you tell us your health goals, we tailor product tips to them. You can stop at any time.",
    customerValue: "Tips that fit your goals.",
    dataCategories: ["sensitive", "preferences"],
    retentionDays: 180,
    involvesSensitiveData: true,
    status: "draft",
  },
];
