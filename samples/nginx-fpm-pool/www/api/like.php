<?php echo json_encode(['ok' => true, 'n' => strlen($_POST['comment'] ?? '')]);
