/** `co-url`: accounts sharing the same link within seconds of each other. Method: CooRTweet's detect_groups + generate_coordinated_network (Righetti & Balluff). */
import { defineCoShareAnalysis } from "./co-share-family.ts";

export default defineCoShareAnalysis({
  name: "co-url",
  description: "accounts sharing the same link within seconds of each other",
  objectNoun: "URL",
  retweetsOption: true,
  objectKind: "name",
  headline: { action: "linked to the same", objectNoun: "URL", objectsNoun: "URLs", coAction: "co-shared link", coActions: "co-shared links" },
});
