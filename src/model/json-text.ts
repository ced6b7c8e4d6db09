/** Whether `text` is JSON text: what EventBridge and Scheduler check a target's input against before sending it. */
export function isJsonText(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
