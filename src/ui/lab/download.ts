/** Save text as a file from the page: a Blob behind a temporary link with a file name. */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken its copy once the click's navigation started
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
