import YAML from "yaml";
import { projectConfigDeclarations } from "../../stack-config/reference";

/**
 * Pulumi.yaml with its `config:` declarations of this project's keys regenerated from the schema
 * (stack-config/reference.ts); keys in other namespaces (`pulumi:disable-default-providers`) and comments stay.
 */
export function withGeneratedProjectConfig(projectFileText: string): string {
  const doc = YAML.parseDocument(projectFileText);
  const config = doc.get("config", true) as YAML.YAMLMap;
  for (const item of [...config.items]) {
    const key = String((item.key as YAML.Scalar).value);
    if (!key.includes(":")) {
      config.delete(key);
    }
  }
  for (const [key, declaration] of Object.entries(projectConfigDeclarations())) {
    config.set(key, declaration);
  }
  return doc.toString({ lineWidth: 120 });
}
