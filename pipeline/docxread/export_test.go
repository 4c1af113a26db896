package docxread

// FormatNumber is formatNumber, for the external tests.
var FormatNumber = formatNumber
