/** `co-quote`: accounts quoting the same tweet within seconds of each other. Method: CooRTweet's detect_groups + generate_coordinated_network (Righetti & Balluff). */
import { defineCoShareAnalysis } from "./co-share-family.ts";

export default defineCoShareAnalysis({
  name: "co-quote",
  description: "accounts quoting the same tweet within seconds of each other",
  objectNoun: "quoted tweet",
  retweetsOption: false,
  objectKind: "tweet",
  headline: { action: "quoted the same", objectNoun: "tweet", objectsNoun: "tweets", coAction: "co-quote", coActions: "co-quotes" },
});
