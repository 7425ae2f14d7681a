<?php echo json_encode(['items' => (int)($_POST['qty'] ?? 0), 'sku' => substr($_POST['sku'] ?? '', 0, 12)]);
