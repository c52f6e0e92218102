<?php
// Makes the test site's accounts (an administrator exists from the installer), each with a
// fresh application password, and the office's categories; prints them as JSON for the tests.
// Run by wordpress.sh with WP_SETUP_HOST set, so that Debian's wp-config picks this site.
$_SERVER['HTTP_HOST'] = getenv('WP_SETUP_HOST');
$_SERVER['REQUEST_URI'] = '/';
define('WP_USE_THEMES', false);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

$site = ['url' => 'http://' . getenv('WP_SETUP_HOST'), 'accounts' => [], 'categories' => []];
$people = [
    // login => [role, display name]
    'quantri' => ['administrator', 'Quản trị cổng'],
    'bientap' => ['editor', 'Trần Văn Trường'],
    'tacgia' => ['author', 'Nguyễn Thị Lan'],
    'congtacvien' => ['contributor', 'Lê Văn Cộng'],
];
foreach ($people as $login => [$role, $name]) {
    $id = username_exists($login);
    if (!$id) {
        $id = wp_insert_user([
            'user_login' => $login,
            'user_pass' => wp_generate_password(24),
            'user_email' => "$login@example.test",
            'display_name' => $name,
            'role' => $role,
        ]);
        if (is_wp_error($id)) {
            fwrite(STDERR, $id->get_error_message());
            exit(1);
        }
    }
    $made = WP_Application_Passwords::create_new_application_password($id, ['name' => 'toasoan-tests-' . time()]);
    if (is_wp_error($made)) {
        fwrite(STDERR, $made->get_error_message());
        exit(1);
    }
    $site['accounts'][$login] = ['id' => $id, 'role' => $role, 'name' => $name, 'password' => $made[0]];
}
foreach (['Kinh tế - chính trị', 'Văn hóa - xã hội', 'Album ảnh'] as $category) {
    $term = term_exists($category, 'category') ?: wp_insert_term($category, 'category');
    if (is_wp_error($term)) {
        fwrite(STDERR, $term->get_error_message());
        exit(1);
    }
    $site['categories'][$category] = (int) $term['term_id'];
}
echo json_encode($site, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT);
