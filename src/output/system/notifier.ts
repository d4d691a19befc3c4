/** The desktop's notifications: a title and a line or two of text in the corner of the screen. */
export interface Notifier {
  notify(title: string, body: string): Promise<void>;
}
