<?php
// Router for PHP's built-in server: WordPress's uploads live outside its Debian install
// (WP_CONTENT_DIR is the test site's own folder), so serve them from there as a web server
// would; everything else goes to WordPress as usual.
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$prefix = '/wp-content/uploads/';
if (strncmp($path, $prefix, strlen($prefix)) !== 0) {
    return false;
}
$root = realpath(getenv('TOASOAN_WP_UPLOADS'));
$file = realpath($root . '/' . substr($path, strlen($prefix)));
if ($root === false || $file === false || strncmp($file, $root . '/', strlen($root) + 1) !== 0 || !is_file($file)) {
    http_response_code(404);
    return true;
}
$types = ['jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'png' => 'image/png', 'webp' => 'image/webp', 'gif' => 'image/gif'];
$ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
header('Content-Length: ' . filesize($file));
readfile($file);
return true;
